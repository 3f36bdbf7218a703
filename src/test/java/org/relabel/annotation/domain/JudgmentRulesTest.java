package org.relabel.annotation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relabel.annotation.domain.JudgmentRules.InvalidJudgmentException;
import org.relabel.annotation.domain.JudgmentRules.Response;

class JudgmentRulesTest {
    static final List<String> SHOWN = List.of("fish", "boat", "net");

    static InvalidJudgmentException invalid(Response r) {
        return assertThrows(InvalidJudgmentException.class, () -> JudgmentRules.validate(SHOWN, r));
    }

    @Test
    void selectedAreYesAndOtherShownAreNoInShownOrder() {
        JudgmentRules.Valid v = JudgmentRules.validate(SHOWN, new Response(List.of("net", "fish"), "fish", false, false, 1200));
        assertEquals(Map.of("fish", JudgmentRules.YES, "boat", JudgmentRules.NO, "net", JudgmentRules.YES), v.answers());
        assertEquals(SHOWN, List.copyOf(v.answers().keySet()));
        assertEquals("fish", v.main());
        assertEquals(1200, v.millis());
    }

    @Test
    void singleSelectedLabelIsTheMainOne() {
        assertEquals("boat", JudgmentRules.validate(SHOWN, new Response(List.of("boat"), null, false, false, null)).main());
    }

    @Test
    void rejectsJudgmentForLabelOutsideCandidates() {
        InvalidJudgmentException e = invalid(new Response(List.of("fish", "dog"), "fish", false, false, 10));
        assertEquals("selected", e.violations().get(0).field());
        assertTrue(e.violations().get(0).message().contains("'dog'"));
    }

    @Test
    void rejectsMainThatIsNotSelected() {
        assertEquals("main", invalid(new Response(List.of("fish"), "boat", false, false, 10)).violations().get(0).field());
        assertEquals("main", invalid(new Response(List.of("fish"), "cat", false, false, 10)).violations().get(0).field());
    }

    @Test
    void requiresMainWhenSeveralLabelsAreSelected() {
        assertEquals("main", invalid(new Response(List.of("fish", "boat"), null, false, false, 10)).violations().get(0).field());
    }

    @Test
    void rejectsDuplicateSelection() {
        assertTrue(invalid(new Response(List.of("fish", "fish"), "fish", false, false, 10)).getMessage().contains("twice"));
    }

    @Test
    void noneOfTheseExcludesSelectedLabels() {
        assertEquals("noneApply", invalid(new Response(List.of("fish"), "fish", true, false, 10)).violations().get(0).field());
        JudgmentRules.Valid v = JudgmentRules.validate(SHOWN, new Response(List.of(), null, true, false, 10));
        assertNull(v.main());
        assertTrue(v.answers().values().stream().allMatch(a -> a == JudgmentRules.NO));
    }

    @Test
    void emptyAnswerNeedsAFlag() {
        assertEquals("selected", invalid(new Response(List.of(), null, false, false, 10)).violations().get(0).field());
    }

    @Test
    void unclearImageMarksUnselectedLabelsUnsure() {
        JudgmentRules.Valid v = JudgmentRules.validate(SHOWN, new Response(List.of("boat"), null, false, true, 10));
        assertEquals(JudgmentRules.YES, v.answers().get("boat"));
        assertEquals(JudgmentRules.MAYBE, v.answers().get("fish"));
        assertTrue(v.unclear());
    }

    @Test
    void rejectsNegativeOrHugeTimeTaken() {
        assertEquals("millis", invalid(new Response(List.of("fish"), null, false, false, -1)).violations().get(0).field());
        assertEquals("millis", invalid(new Response(List.of("fish"), null, false, false, JudgmentRules.MAX_MILLIS + 1))
                .violations().get(0).field());
    }

    @Test
    void reportsEveryBrokenRuleAtOnce() {
        assertEquals(4, invalid(new Response(List.of("dog", "cat"), null, true, false, -5)).violations().size());
    }
}
