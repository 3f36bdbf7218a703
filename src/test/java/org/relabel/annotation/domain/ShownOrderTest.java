package org.relabel.annotation.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ShownOrderTest {
    @Test
    void shuffleKeepsTheSetAndPutsEachLabelFirstAboutEquallyOften() {
        List<String> candidates = List.of("orig", "a", "b", "c");
        Random random = new Random(5);
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < 4000; i++) {
            List<String> order = ShownOrder.shuffle(candidates, random);
            assertEquals(new HashSet<>(candidates), new HashSet<>(order));
            first.merge(order.get(0), 1, Integer::sum);
        }
        for (String c : candidates) {
            int n = first.getOrDefault(c, 0);
            assertTrue(n > 850 && n < 1150, c + " first " + n + " times of 4000");
        }
    }
}
