package org.relabel.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PredictionRowsTest {
    record Row(int model, long image, int rank, long cls, double p) {
    }

    @Test
    void sortsRowsByModelImageAndRankKeepingEachRowTogether() {
        Random random = new Random(3);
        List<Row> rows = new ArrayList<>();
        for (int model = 0; model < 3; model++) {
            for (long image = 1; image <= 700; image++) {
                for (int rank = 1; rank <= 5; rank++) {
                    rows.add(new Row(model, image * 7919 % 100_003, rank, random.nextInt(1000), random.nextDouble()));
                }
            }
        }
        java.util.Collections.shuffle(rows, random);
        PredictionRows buffer = new PredictionRows();
        for (Row r : rows) buffer.add(r.model(), r.image(), r.rank(), r.cls(), r.p());
        buffer.sort();
        List<Row> expected = new ArrayList<>(rows);
        expected.sort(Comparator.comparingInt(Row::model).thenComparingLong(Row::image).thenComparingInt(Row::rank));
        assertEquals(expected.size(), buffer.size());
        for (int i = 0; i < buffer.size(); i++) {
            assertEquals(expected.get(i), new Row(buffer.model(i), buffer.image(i), buffer.rank(i), buffer.classId(i),
                    buffer.probability(i)), "row " + i);
        }
    }

    @Test
    void keepsRowsThatArriveInOrderAndCanBeReused() {
        PredictionRows buffer = new PredictionRows();
        buffer.add(0, 5, 1, 10, Double.NaN);
        buffer.add(0, 5, 2, 11, 0.2);
        buffer.add(1, 2, 1, 12, 0.3);
        buffer.sort();
        assertEquals(5, buffer.image(0));
        assertTrue(Double.isNaN(buffer.probability(0)));
        assertEquals(12, buffer.classId(2));
        buffer.clear();
        assertEquals(0, buffer.size());
        buffer.add(0, 9, 1, 1, 0.5);
        buffer.add(0, 3, 1, 2, 0.5);
        buffer.sort();
        assertEquals(3, buffer.image(0));
    }

    @Test
    void longHashSetFindsDuplicatesAmongManyKeys() {
        LongHashSet set = new LongHashSet();
        Set<Long> reference = new HashSet<>();
        Random random = new Random(5);
        for (int i = 0; i < 200_000; i++) {
            long v = random.nextInt(150_000) * 1024L + random.nextInt(5);
            if (i == 17) v = Long.MIN_VALUE;
            assertEquals(reference.add(v), set.add(v), "value " + v);
        }
        assertEquals(reference.size(), set.size());
        for (long v : reference) assertTrue(set.contains(v));
        assertFalse(set.contains(-1));
    }
}
