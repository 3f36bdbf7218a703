package org.relabel.annotation;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * An image leased to the caller, as an annotator sees it: the pixels' URL (a content hash that
 * reveals nothing), the candidate labels in this view's shuffled order with names and
 * descriptions, and the lease's end. Never the image key, the original label, model names or
 * scores, whether it is a gold image, or anyone else's answers.
 *
 * @param previous the caller's own answer, present only when an undo reopened this assignment
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AssignmentView(long id, long campaign, Media image, List<Candidate> candidates, OffsetDateTime leasedAt,
                             OffsetDateTime expiresAt, Answer previous) {

    /** Where the pixels are. */
    public record Media(String url, Integer width, Integer height) {
    }

    /** One candidate label. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Candidate(String key, String name, String description) {
    }

    /** An answer given before (after an undo). */
    public record Answer(List<String> selected, String main, boolean noneApply, boolean unclear) {
    }
}
