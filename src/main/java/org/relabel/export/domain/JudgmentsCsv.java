package org.relabel.export.domain;

import java.io.OutputStream;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.relabel.consensus.domain.Answer;

/**
 * {@code judgments.csv}: the raw judgments in long format, one row per (image, label, annotator):
 * {@code image, label, annotator, answer} ({@code yes}/{@code no}/{@code maybe}) as {@code POST
 * /api/datasets/{d}/judgments} takes them, so the file imports back unchanged, plus {@code main} (1 when the label
 * was the annotator's main label, else 0), {@code seconds} and {@code source}, which that import ignores. pandas
 * reads it as is; crowd-kit takes it with the columns renamed (task = image and label, worker = annotator).
 */
public final class JudgmentsCsv extends ReleaseFileWriter {
    public static final String NAME = "judgments.csv";
    public static final List<String> COLUMNS = List.of("image", "label", "annotator", "answer", "main", "seconds",
            "source");

    public JudgmentsCsv(OutputStream target) {
        super(NAME, "text/csv", target);
        csvHeader(COLUMNS);
    }

    /** Writes one row per answered label of one annotator on one image. */
    public void write(String image, AnnotatorAnswers a) {
        String seconds = a.millis() == null ? "" : Text.decimal(a.millis() / 1000.0);
        String source = a.source() == null ? "" : a.source().toLowerCase(Locale.ROOT);
        for (Map.Entry<String, Answer> e : a.answers().entrySet()) {
            String label = e.getKey();
            build(b -> Text.csvRecord(b, image, label, a.annotator(), e.getValue().name().toLowerCase(Locale.ROOT),
                    label.equals(a.mainLabel()) ? "1" : "0", seconds, source));
            emitRecord();
        }
    }
}
