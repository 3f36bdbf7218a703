package org.relabel.scoring.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class PreprocessingTest {

    private final ObjectMapper json = new ObjectMapper();

    @Test
    void missingJsonFieldsTakeImagenetDefaults() throws Exception {
        Preprocessing p = json.readValue("{\"size\": 64}", Preprocessing.class);
        assertEquals(64, p.size());
        assertEquals(73, p.resize()); // round(64 * 256 / 224)
        assertTrue(p.centerCrop());
        assertArrayEquals(new double[] {0.485, 0.456, 0.406}, p.mean());
        assertArrayEquals(new double[] {0.229, 0.224, 0.225}, p.std());
        assertEquals(ChannelOrder.RGB, p.channels());
        assertEquals(Preprocessing.imagenet(), json.readValue("{}", Preprocessing.class));
    }

    @Test
    void jsonRoundTripKeepsEveryField() throws Exception {
        Preprocessing p = new Preprocessing(299, 342, false, new double[] {0.5, 0.5, 0.5},
                new double[] {0.25, 0.5, 1.0}, ChannelOrder.BGR);
        String text = json.writeValueAsString(p);
        for (String field : new String[] {"size", "resize", "centerCrop", "mean", "std", "channels"}) {
            assertTrue(text.contains("\"" + field + "\""), text);
        }
        assertEquals(p, json.readValue(text, Preprocessing.class));
    }

    @Test
    void rejectsImpossibleValues() {
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing(0, null, null, null, null, null));
        assertThrows(IllegalArgumentException.class, () -> new Preprocessing(224, 200, true, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Preprocessing(224, null, null, new double[] {0.5}, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new Preprocessing(224, null, null, null, new double[] {1, 0, 1}, null));
    }

    @Test
    void accessorsReturnCopies() {
        Preprocessing p = Preprocessing.imagenet();
        p.mean()[0] = 99;
        assertEquals(0.485, p.mean()[0]);
        assertFalse(p.equals(Preprocessing.stretchTo(224)));
    }
}
