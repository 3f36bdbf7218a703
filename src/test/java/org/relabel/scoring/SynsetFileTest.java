package org.relabel.scoring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.relabel.web.Problem;
import org.relabel.web.ProblemException;

class SynsetFileTest {
    static final Set<String> KEYS = Set.of("n01440764", "n01443537", "n01484850", "n01491361");

    private static List<String> read(String text) throws Exception {
        return SynsetFile.read(new StringReader(text), KEYS::contains, 50);
    }

    private static ProblemException rejected(String text) {
        return assertThrows(ProblemException.class, () -> read(text));
    }

    @Test
    void takesTheFirstWordOfEachLineAsTheClassOfThatOutput() throws Exception {
        List<String> keys = read("\uFEFFn01440764 tench, Tinca tinca\r\nn01443537 goldfish, Carassius auratus\n"
                + "n01484850\tgreat white shark\n  n01491361  \n\n\n");
        assertEquals(List.of("n01440764", "n01443537", "n01484850", "n01491361"), keys);
    }

    @Test
    void rejectsUnknownKeysAndDuplicatesNamingEveryLine() {
        ProblemException e = rejected("n01440764 tench\nn99999999 unicorn\nn01443537 goldfish\nn01440764 tench again\n");
        assertEquals(400, e.status());
        assertEquals(SynsetFile.PROBLEM, e.code());
        assertEquals(2, e.errorCount());
        Problem.FieldError unknown = e.errors().get(0);
        assertEquals(2L, unknown.line());
        assertTrue(unknown.message().contains("unknown class 'n99999999'"), unknown.message());
        Problem.FieldError duplicate = e.errors().get(1);
        assertEquals(4L, duplicate.line());
        assertTrue(duplicate.message().contains("output 0 (line 1)"), duplicate.message());
        assertTrue(e.getMessage().startsWith("synset line 2"), e.getMessage());
    }

    @Test
    void rejectsBlankLinesBetweenKeysButNotAtTheEnd() {
        ProblemException e = rejected("n01440764\n\nn01443537\n\n");
        assertEquals(1, e.errorCount());
        assertEquals(2L, e.errors().get(0).line());
        assertTrue(e.errors().get(0).message().contains("output 1"));
    }

    @Test
    void rejectsAnEmptyFile() {
        ProblemException e = rejected("\n \n");
        assertEquals(1L, e.errors().get(0).line());
        assertTrue(e.getMessage().contains("empty"));
    }

    @Test
    void widthMismatchNamesTheFirstLineWithoutOutputOrOutputWithoutLine() {
        ProblemException tooFewLines = SynsetFile.widthMismatch(998, 1000);
        assertEquals(999L, tooFewLines.errors().get(0).line());
        assertTrue(tooFewLines.getMessage().contains("outputs 1000 scores"), tooFewLines.getMessage());
        ProblemException tooManyLines = SynsetFile.widthMismatch(4, 3);
        assertEquals(4L, tooManyLines.errors().get(0).line());
        assertTrue(tooManyLines.getMessage().contains("only 3"), tooManyLines.getMessage());
        assertEquals(SynsetFile.PROBLEM, tooManyLines.code());
    }
}
