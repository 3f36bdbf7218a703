package org.relabel.upload;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Streaming RFC 4180 reader with a header row that knows the line of every record, so that
 * validation errors can name line and column. Quoted fields may hold commas, quotes ({@code ""})
 * and line breaks; CRLF and LF both end a record; a UTF-8 byte order mark is skipped; blank
 * lines are skipped. Column names are matched case-insensitively and trimmed.
 * Malformed input raises {@link UploadException} with the place.
 */
public final class CsvReader implements Closeable {

    /** One record: the 1-based line where it starts, and its fields. */
    public record Row(long line, String[] values) {
        /** The value of a column by index, or {@code null} when the column is absent (index -1). */
        public String get(int column) {
            return column < 0 || column >= values.length ? null : values[column];
        }
    }

    private final BufferedReader in;
    private final List<String> header;
    private final Map<String, Integer> index = new HashMap<>();
    private long line = 1;
    private int pushback = -2;

    public CsvReader(Reader reader) throws IOException {
        this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        int first = in.read();
        if (first != '\uFEFF') pushback = first;
        Row head = readRecord();
        if (head == null) {
            throw UploadException.single(1L, null, null, "the file is empty; expected a header row");
        }
        header = List.of(head.values());
        for (int i = 0; i < header.size(); i++) {
            index.putIfAbsent(header.get(i).trim().toLowerCase(Locale.ROOT), i);
        }
    }

    public List<String> header() { return header; }

    /** The 0-based index of a column, or -1. */
    public int column(String name) {
        return index.getOrDefault(name.toLowerCase(Locale.ROOT), -1);
    }

    /** The 0-based index of a required column; a missing one is an error on line 1. */
    public int requireColumn(String name) {
        int c = column(name);
        if (c < 0) {
            throw UploadException.single(1L, null, name,
                    "missing required column '" + name + "' (header has: " + String.join(", ", header) + ")");
        }
        return c;
    }

    /** The next record, or {@code null} at the end. Records must have as many fields as the header. */
    public Row next() throws IOException {
        Row row;
        do {
            row = readRecord();
        } while (row != null && row.values().length == 1 && row.values()[0].isEmpty());
        if (row != null && row.values().length != header.size()) {
            throw UploadException.single(row.line(), Math.min(row.values().length, header.size()) + 1, null,
                    "expected " + header.size() + " fields as in the header, found " + row.values().length);
        }
        return row;
    }

    private int read() throws IOException {
        if (pushback != -2) {
            int c = pushback;
            pushback = -2;
            return c;
        }
        return in.read();
    }

    private Row readRecord() throws IOException {
        int c = read();
        if (c == -1) return null;
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean afterQuote = false;
        boolean fieldStart = true;
        while (true) {
            if (quoted) {
                if (c == -1) {
                    throw UploadException.single(start, fields.size() + 1, null, "unterminated quoted field");
                }
                if (c == '"') {
                    int n = read();
                    if (n == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        afterQuote = true;
                        c = n;
                        continue;
                    }
                } else {
                    if (c == '\n') line++;
                    field.append((char) c);
                }
                c = read();
                continue;
            }
            if (c == -1 || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int n = read();
                    if (n != '\n') pushback = n;
                }
                if (c != -1) line++;
                fields.add(field.toString());
                return new Row(start, fields.toArray(String[]::new));
            }
            if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                afterQuote = false;
                fieldStart = true;
            } else if (afterQuote) {
                throw UploadException.single(start, fields.size() + 1, null,
                        "unexpected character '" + (char) c + "' after a closing quote");
            } else if (c == '"' && fieldStart) {
                quoted = true;
                fieldStart = false;
            } else if (c == '"') {
                throw UploadException.single(start, fields.size() + 1, null,
                        "a quote inside an unquoted field (quote the whole field and double the quote)");
            } else {
                field.append((char) c);
                fieldStart = false;
            }
            c = read();
        }
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
