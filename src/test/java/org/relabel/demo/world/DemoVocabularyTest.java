package org.relabel.demo.world;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DemoVocabularyTest {

    @Test
    void tenClassesWithDistinctKeysGlyphsAndColours() {
        List<DemoClass> classes = DemoVocabulary.classes();
        assertEquals(10, classes.size());
        assertEquals(10, new HashSet<>(DemoVocabulary.keys()).size());
        assertEquals(EnumSet.allOf(Glyph.class), EnumSet.copyOf(classes.stream().map(DemoClass::glyph).toList()));
        Set<Integer> colours = new HashSet<>();
        for (DemoClass c : classes) {
            assertTrue(colours.add(c.rgb()), c.key());
            assertFalse(c.name().isBlank());
            assertFalse(c.description().isBlank());
            assertTrue(c.key().matches("[a-z]+"), c.key());
            assertEquals(c, DemoVocabulary.byKey(c.key()));
            assertEquals(classes.indexOf(c), DemoVocabulary.indexOf(c.key()));
        }
        assertThrows(IllegalArgumentException.class, () -> DemoVocabulary.byKey("unicorn"));
    }

    @Test
    void everyBackgroundIsPreferredBySomeClass() {
        for (Background b : Background.values()) {
            assertFalse(DemoVocabulary.preferring(b).isEmpty(), b.key());
            assertEquals(b, Background.byKey(b.key()));
        }
    }

    @Test
    void nonPreferredBackgroundsExcludeThoseOfTheGivenClasses() {
        assertEquals(List.of(Background.GRASS, Background.SAND, Background.SNOW, Background.BRICK),
                DemoVocabulary.nonPreferredBackgrounds(List.of("fish", "moon")));
    }
}
