package org.relabel.export.domain;

import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * {@code decisions.csv}: the curators' decisions a release includes, one row per reviewed image:
 * {@code image, decision_id, revision, decision, curator, decided_at, valid_labels, main_label} (the full history,
 * with reasons, stays in the audit log: {@code GET /api/datasets/{d}/reviews}).
 */
public final class DecisionsCsv extends ReleaseFileWriter {
    public static final String NAME = "decisions.csv";
    public static final List<String> COLUMNS = List.of("image", "decision_id", "revision", "decision", "curator",
            "decided_at", "valid_labels", "main_label");

    public DecisionsCsv(OutputStream target) {
        super(NAME, "text/csv", target);
        csvHeader(COLUMNS);
    }

    public void write(DecisionRow d) {
        build(b -> Text.csvRecord(b, d.image(), Long.toString(d.id()), Integer.toString(d.revision()),
                d.decision().toLowerCase(Locale.ROOT), d.curator(), d.decidedAt() == null ? "" : d.decidedAt().toString(),
                d.valid() == null ? "" : String.join(" ", new TreeSet<>(d.valid())), d.main()));
        emitRecord();
    }
}
