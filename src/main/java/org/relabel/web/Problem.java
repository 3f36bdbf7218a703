package org.relabel.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * An RFC 9457 problem detail, the one error format of the API ({@code application/problem+json}).
 * {@code type} is a stable code such as {@code urn:relabel:invalid-upload}; {@code errors} lists the
 * offending places of an upload (line and column, 1-based).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(String type, String title, int status, String detail, String instance,
                      List<FieldError> errors, Long errorCount) {

    /** One offending place: 1-based line and column of the upload, the column (field) name, and what is wrong. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record FieldError(Long line, Integer column, String field, String message) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            if (line != null) sb.append("line ").append(line);
            if (column != null) sb.append(sb.isEmpty() ? "" : ", ").append("column ").append(column);
            if (field != null) sb.append(" (").append(field).append(")");
            if (!sb.isEmpty()) sb.append(": ");
            return sb.append(message).toString();
        }
    }
}
