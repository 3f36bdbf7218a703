package org.relabel.export.domain;

import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code labels.csv}: one row per image, {@code image, original_label, main_label, valid_labels, judgments,
 * confidence, status} (DESIGN.md section 8); valid labels space-separated in sorted order, confidence with at most
 * six decimals, status a {@link ReleaseStatus#code()}. Also parses its rows back.
 */
public final class LabelsCsv extends ReleaseFileWriter {
    public static final String NAME = "labels.csv";
    public static final List<String> COLUMNS = List.of("image", "original_label", "main_label", "valid_labels",
            "judgments", "confidence", "status");

    public LabelsCsv(OutputStream target) {
        super(NAME, "text/csv", target);
        csvHeader(COLUMNS);
    }

    public void write(ReleaseLabel l) {
        build(b -> Text.csvRecord(b, l.image(), l.originalLabel(), l.mainLabel(), String.join(" ", l.validLabels()),
                Integer.toString(l.judgments()), Text.decimal(l.confidence()), l.status().code()));
        emitRecord();
    }

    /** Column positions of a parsed header; every column of {@link #COLUMNS} is required. */
    public record Columns(int[] index) {
        public static Columns of(List<String> header) {
            List<String> names = new ArrayList<>();
            for (String h : header) names.add(h.trim().toLowerCase(Locale.ROOT));
            int[] index = new int[COLUMNS.size()];
            for (int i = 0; i < index.length; i++) {
                index[i] = names.indexOf(COLUMNS.get(i));
                if (index[i] < 0) throw new IllegalArgumentException("labels.csv lacks the column " + COLUMNS.get(i));
            }
            return new Columns(index);
        }

        private String get(String[] values, int column) {
            int i = index[column];
            return i < values.length ? values[i] : "";
        }
    }

    /** One parsed row of {@code labels.csv}. */
    public static ReleaseLabel parse(Columns c, String[] values) {
        String valid = c.get(values, 3).trim();
        String confidence = c.get(values, 5).trim();
        return new ReleaseLabel(c.get(values, 0), c.get(values, 1), c.get(values, 2),
                valid.isEmpty() ? List.of() : Arrays.asList(valid.split(" +")), Integer.parseInt(c.get(values, 4).trim()),
                confidence.isEmpty() ? null : Double.valueOf(confidence), ReleaseStatus.ofCode(c.get(values, 6)));
    }
}
