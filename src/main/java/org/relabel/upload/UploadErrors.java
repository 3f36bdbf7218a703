package org.relabel.upload;

import java.util.ArrayList;
import java.util.List;
import org.relabel.web.Problem;

/**
 * Collects validation errors of one upload so that a client sees many problems at once; the
 * upload is rejected as a whole when any was found ({@link #throwIfAny()}).
 */
public final class UploadErrors {
    private final int maxReported;
    private final List<Problem.FieldError> errors = new ArrayList<>();
    private long count;

    public UploadErrors(int maxReported) {
        this.maxReported = maxReported;
    }

    public void add(long line, Integer column, String field, String message) {
        count++;
        if (errors.size() < maxReported) {
            errors.add(new Problem.FieldError(line, column, field, message));
        }
    }

    /** Records an error raised by the parser (for example a malformed record) and continues. */
    public void add(UploadException e) {
        for (Problem.FieldError f : e.errors()) {
            count++;
            if (errors.size() < maxReported) errors.add(f);
        }
    }

    public boolean any() { return count > 0; }

    public long count() { return count; }

    public void throwIfAny() {
        if (count > 0) throw new UploadException(errors, count);
    }
}
