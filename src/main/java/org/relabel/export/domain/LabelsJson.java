package org.relabel.export.domain;

import java.io.OutputStream;

/** {@code labels.json}: {@code {image: [valid labels]}} in image order (the ReaL format, keyed by image). */
public final class LabelsJson extends ReleaseFileWriter {
    public static final String NAME = "labels.json";

    public LabelsJson(OutputStream target) {
        super(NAME, "application/json", target);
        line.append('{');
        emit();
    }

    public void write(ReleaseLabel l) {
        build(b -> {
            b.append(records() == 0 ? "\n" : ",\n");
            Text.json(b, l.image());
            b.append(':');
            Text.jsonArray(b, l.validLabels());
        });
        emitRecord();
    }

    @Override
    protected void trailer() {
        line.append("\n}\n");
        emit();
    }
}
