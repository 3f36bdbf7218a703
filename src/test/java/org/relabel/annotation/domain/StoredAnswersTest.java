package org.relabel.annotation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class StoredAnswersTest {
    @Test
    void encodesInClassIdOrder() {
        Map<Long, Short> answers = new HashMap<>(Map.of(40L, JudgmentRules.NO, 17L, JudgmentRules.YES,
                123456789012L, JudgmentRules.MAYBE));
        assertEquals("17:2 40:0 123456789012:1", StoredAnswers.encode(answers));
        assertEquals("", StoredAnswers.encode(Map.of()));
    }

    @Test
    void decodeGivesBackWhatWasEncoded() {
        Random random = new Random(11);
        for (int round = 0; round < 500; round++) {
            Map<Long, Short> answers = new HashMap<>();
            int n = random.nextInt(30);
            for (int i = 0; i < n; i++) answers.put((long) random.nextInt(1_000_000), (short) random.nextInt(3));
            Map<Long, Short> back = StoredAnswers.decode(StoredAnswers.encode(answers));
            assertEquals(answers, back);
            List<Long> order = new ArrayList<>(back.keySet());
            List<Long> sorted = new ArrayList<>(order);
            sorted.sort(null);
            assertEquals(sorted, order, "decoded in class id order");
        }
        assertTrue(StoredAnswers.decode(null).isEmpty());
        assertTrue(StoredAnswers.decode(" ").isEmpty());
    }

    @Test
    void rejectsWhatItDidNotWrite() {
        for (String bad : List.of("17", "17:", ":2", "17:3", "17:22", "a:2", "17:2,18:0", "17-2")) {
            assertThrows(IllegalArgumentException.class, () -> StoredAnswers.decode(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> StoredAnswers.encode(Map.of(1L, (short) 5)));
    }
}
