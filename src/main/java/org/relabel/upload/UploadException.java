package org.relabel.upload;

import java.util.List;
import org.relabel.web.Problem;
import org.relabel.web.ProblemException;

/** A rejected upload: 400 {@code urn:relabel:invalid-upload} naming line and column; nothing was stored. */
public class UploadException extends ProblemException {

    public UploadException(List<Problem.FieldError> errors, long errorCount) {
        super(400, "invalid-upload", "Invalid upload", summary(errors, errorCount), errors, errorCount);
    }

    public static UploadException single(Long line, Integer column, String field, String message) {
        return new UploadException(List.of(new Problem.FieldError(line, column, field, message)), 1);
    }

    private static String summary(List<Problem.FieldError> errors, long count) {
        String first = errors.isEmpty() ? "invalid upload" : errors.get(0).toString();
        return count > 1 ? first + " (and " + (count - 1) + " more errors; nothing was stored)"
                : first + " (nothing was stored)";
    }
}
