package org.relabel.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class JobKindsTest {

    @Test
    void claimsEveryKindWhenNothingIsListed() {
        JobKinds kinds = JobKinds.of(Optional.empty(), Optional.empty());
        assertTrue(kinds.claimsAll());
        assertTrue(kinds.claims("score-model"));
        assertTrue(kinds.claims("consensus"));
        assertEquals("every kind", kinds.describe());
    }

    @Test
    void scoringWorkerClaimsOnlyTheListedKind() {
        JobKinds worker = JobKinds.of(Optional.of(List.of("score-model")), Optional.empty());
        assertTrue(worker.claims("score-model"));
        assertFalse(worker.claims("consensus"));
        assertFalse(worker.claims("dataset-import"));
        assertEquals("only score-model", worker.describe());
    }

    @Test
    void webReplicaLeavesExcludedKindsToOthers() {
        JobKinds web = JobKinds.of(Optional.empty(), Optional.of(List.of("score-model")));
        assertFalse(web.claims("score-model"));
        assertTrue(web.claims("consensus"));
        assertEquals("every kind except score-model", web.describe());
    }

    @Test
    void exclusionWinsOverTheList() {
        JobKinds kinds = JobKinds.of(Optional.of(List.of("a", "b")), Optional.of(List.of("b")));
        assertTrue(kinds.claims("a"));
        assertFalse(kinds.claims("b"));
        assertFalse(kinds.claims("c"));
        assertEquals("only a", kinds.describe());
        assertEquals("no kind", JobKinds.of(Optional.of(List.of("a")), Optional.of(List.of("a"))).describe());
    }

    @Test
    void trimsNamesAndIgnoresBlankEntries() {
        JobKinds kinds = JobKinds.of(Optional.of(List.of(" score-model ", "")), Optional.of(List.of(" ")));
        assertEquals(Set.of("score-model"), kinds.only());
        assertEquals(Set.of(), kinds.excluded());
        assertTrue(kinds.claims("score-model"));
    }

    @Test
    void reportsKindsThatNoHandlerRuns() {
        JobKinds kinds = JobKinds.of(Optional.of(List.of("score-model", "score_model")), Optional.of(List.of("consensus", "concensus")));
        assertEquals(Set.of("concensus", "score_model"), kinds.unknown(List.of("score-model", "consensus", "findings")));
        assertEquals(Set.of(), JobKinds.ALL.unknown(List.of("score-model")));
    }
}
