package org.relabel.upload;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Streaming reader of JSON Lines ({@code application/x-ndjson}): one JSON object per line; blank
 * lines are skipped. A line that is not a JSON object raises {@link UploadException} naming the
 * line and column.
 */
public final class JsonLines implements AutoCloseable {
    /** One parsed line. */
    public record Line(long number, JsonNode json) {
    }

    private final BufferedReader in;
    private final ObjectMapper mapper;
    private long number;

    public JsonLines(Reader reader, ObjectMapper mapper) {
        this.in = reader instanceof BufferedReader b ? b : new BufferedReader(reader, 1 << 16);
        this.mapper = mapper;
    }

    /** The next object, or {@code null} at the end. */
    public Line next() throws IOException {
        String text;
        do {
            text = in.readLine();
            number++;
            if (text == null) return null;
        } while (text.isBlank());
        if (number == 1 && !text.isEmpty() && text.charAt(0) == '\uFEFF') text = text.substring(1);
        try {
            JsonNode node = mapper.readTree(text);
            if (node == null || !node.isObject()) {
                throw UploadException.single(number, 1, null, "expected a JSON object on this line");
            }
            return new Line(number, node);
        } catch (JsonProcessingException e) {
            Integer column = e.getLocation() == null ? null : e.getLocation().getColumnNr();
            throw UploadException.single(number, column, null, "malformed JSON: " + e.getOriginalMessage());
        }
    }

    /** A text field, or {@code null} when absent or JSON null. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
