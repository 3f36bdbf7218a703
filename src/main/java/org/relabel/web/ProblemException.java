package org.relabel.web;

import java.util.List;

/**
 * An error that reaches the client as problem+json with a stable type code. Throw it from services
 * and resources; {@link ProblemMapper} renders it.
 */
public class ProblemException extends RuntimeException {
    private final int status;
    private final String code;
    private final String title;
    private final List<Problem.FieldError> errors;
    private final long errorCount;

    public ProblemException(int status, String code, String title, String detail) {
        this(status, code, title, detail, List.of(), 0);
    }

    public ProblemException(int status, String code, String title, String detail,
                            List<Problem.FieldError> errors, long errorCount) {
        super(detail);
        this.status = status;
        this.code = code;
        this.title = title;
        this.errors = List.copyOf(errors);
        this.errorCount = errorCount;
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(404, "not-found", "Not found", what + " does not exist");
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(400, "bad-request", "Bad request", detail);
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(403, "forbidden", "Forbidden", detail);
    }

    public static ProblemException conflict(String detail) {
        return new ProblemException(409, "conflict", "Conflict", detail);
    }

    public int status() { return status; }
    public String code() { return code; }
    public String title() { return title; }
    public List<Problem.FieldError> errors() { return errors; }
    public long errorCount() { return errorCount; }

    public Problem toProblem(String instance) {
        return new Problem("urn:relabel:" + code, title, status, getMessage(), instance,
                errors.isEmpty() ? null : errors, errors.isEmpty() ? null : errorCount);
    }
}
