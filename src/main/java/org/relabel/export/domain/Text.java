package org.relabel.export.domain;

import java.io.IOException;
import java.util.Collection;

/** Escaping for the release writers: RFC 4180 CSV fields, JSON strings, decimals without exponent. */
public final class Text {
    private Text() {
    }

    /** Appends a CSV field, quoted when it holds a comma, quote, CR or LF (quotes doubled). */
    public static void csv(Appendable out, String value) throws IOException {
        if (value == null || value.isEmpty()) return;
        boolean quote = false;
        for (int i = 0; i < value.length() && !quote; i++) {
            char c = value.charAt(i);
            quote = c == ',' || c == '"' || c == '\n' || c == '\r';
        }
        if (!quote) {
            out.append(value);
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '"') out.append('"');
            out.append(c);
        }
        out.append('"');
    }

    /** Appends one CSV record: the fields separated by commas, then LF. */
    public static void csvRecord(Appendable out, String... fields) throws IOException {
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) out.append(',');
            csv(out, fields[i]);
        }
        out.append('\n');
    }

    /** Appends a JSON string literal (quotes, backslashes and control characters escaped). */
    public static void json(Appendable out, String value) throws IOException {
        if (value == null) {
            out.append("null");
            return;
        }
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** Appends a JSON array of strings. */
    public static void jsonArray(Appendable out, Collection<String> values) throws IOException {
        out.append('[');
        boolean first = true;
        for (String v : values) {
            if (!first) out.append(',');
            first = false;
            json(out, v);
        }
        out.append(']');
    }

    /** Text for an XML attribute: the five special characters as entities, other control characters as spaces. */
    public static String xml(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        value.codePoints().forEach(c -> out.append(switch (c) {
            case '&' -> "&amp;";
            case '<' -> "&lt;";
            case '>' -> "&gt;";
            case '"' -> "&quot;";
            case '\'' -> "&apos;";
            default -> c < 0x20 ? " " : Character.toString(c);
        }));
        return out.toString();
    }

    /**
     * A number rounded to 6 decimals without exponent or trailing zeros ("0.8", "1", "0.000123"); empty for
     * {@code null} or a value that is not finite.
     */
    public static String decimal(Double value) {
        if (value == null || !Double.isFinite(value)) return "";
        long micro = Math.round(value * 1_000_000d);
        StringBuilder s = new StringBuilder(12);
        if (micro < 0) {
            s.append('-');
            micro = -micro;
        }
        s.append(micro / 1_000_000);
        long frac = micro % 1_000_000;
        if (frac != 0) {
            String digits = Long.toString(frac + 1_000_000).substring(1);
            int end = digits.length();
            while (digits.charAt(end - 1) == '0') end--;
            s.append('.').append(digits, 0, end);
        }
        return s.toString();
    }
}
