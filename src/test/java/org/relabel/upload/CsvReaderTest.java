package org.relabel.upload;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringReader;
import org.junit.jupiter.api.Test;
import org.relabel.web.Problem;

class CsvReaderTest {

    private static CsvReader reader(String text) throws IOException {
        return new CsvReader(new StringReader(text));
    }

    @Test
    void readsQuotedFieldsWithCommasQuotesAndNewlines() throws IOException {
        CsvReader r = reader("key,name\r\nn1,\"tench, Tinca \"\"fish\"\"\"\nn2,\"two\nlines\"\nn3,plain\n");
        assertArrayEquals(new String[]{"n1", "tench, Tinca \"fish\""}, r.next().values());
        CsvReader.Row two = r.next();
        assertEquals(3, two.line());
        assertEquals("two\nlines", two.get(1));
        CsvReader.Row three = r.next();
        assertEquals(5, three.line(), "line numbers count the line break inside the quoted field");
        assertNull(r.next());
    }

    @Test
    void matchesColumnsCaseInsensitivelyAndSkipsByteOrderMark() throws IOException {
        CsvReader r = reader("\uFEFFImage, Label \nimg1,n1\n");
        assertEquals(0, r.requireColumn("image"));
        assertEquals(1, r.requireColumn("label"));
        assertEquals(-1, r.column("location"));
    }

    @Test
    void skipsBlankLinesAndHandlesMissingFinalNewline() throws IOException {
        CsvReader r = reader("a,b\n\n1,2\n\n3,4");
        assertEquals("2", r.next().get(1));
        CsvReader.Row last = r.next();
        assertEquals(5, last.line());
        assertEquals("4", last.get(1));
        assertNull(r.next());
    }

    @Test
    void rejectsMissingRequiredColumnOnLineOne() throws IOException {
        CsvReader r = reader("image,lable\nx,y\n");
        UploadException e = assertThrows(UploadException.class, () -> r.requireColumn("label"));
        Problem.FieldError err = e.errors().get(0);
        assertEquals(1L, err.line());
        assertEquals("label", err.field());
        assertTrue(e.getMessage().contains("missing required column 'label'"), e.getMessage());
    }

    @Test
    void rejectsRowWithWrongFieldCountNamingLineAndColumn() throws IOException {
        CsvReader r = reader("a,b,c\n1,2,3\n4,5\n");
        r.next();
        UploadException e = assertThrows(UploadException.class, r::next);
        assertEquals(3L, e.errors().get(0).line());
        assertEquals(3, e.errors().get(0).column());
    }

    @Test
    void rejectsUnterminatedQuote() throws IOException {
        CsvReader r = reader("a,b\n1,\"open\n");
        UploadException e = assertThrows(UploadException.class, r::next);
        assertEquals(2L, e.errors().get(0).line());
        assertEquals(2, e.errors().get(0).column());
        assertTrue(e.getMessage().contains("unterminated"));
    }

    @Test
    void rejectsQuoteInsideUnquotedFieldAndGarbageAfterClosingQuote() throws IOException {
        CsvReader r1 = reader("a,b\n1,ab\"c\n");
        assertThrows(UploadException.class, r1::next);
        CsvReader r2 = reader("a,b\n1,\"ab\"c\n");
        UploadException e = assertThrows(UploadException.class, r2::next);
        assertTrue(e.getMessage().contains("after a closing quote"), e.getMessage());
    }

    @Test
    void rejectsEmptyFile() {
        UploadException e = assertThrows(UploadException.class, () -> reader(""));
        assertTrue(e.getMessage().contains("empty"));
    }

    @Test
    void uploadErrorsReportsCountBeyondListedErrors() {
        UploadErrors errors = new UploadErrors(2);
        for (int i = 1; i <= 5; i++) errors.add(i, 1, "x", "bad " + i);
        UploadException e = assertThrows(UploadException.class, errors::throwIfAny);
        assertEquals(2, e.errors().size());
        assertEquals(5, e.errorCount());
        assertTrue(e.getMessage().contains("and 4 more errors"), e.getMessage());
    }
}
