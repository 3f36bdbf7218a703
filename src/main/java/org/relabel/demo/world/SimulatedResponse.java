package org.relabel.demo.world;

import java.util.HashSet;
import java.util.List;

/**
 * A simulated annotator's answer on one scene (the demo's counterpart of a judgment: the two
 * questions "which of these are present" and "which is the main object").
 *
 * @param selected  the labels ticked as present, distinct, in the order they were shown
 * @param main      the label picked as the main object; one of {@code selected}, or {@code null} when
 *                  nothing was selected
 * @param noneApply whether the annotator answered "none of these"; true exactly when nothing was selected
 * @param millis    time taken in milliseconds
 */
public record SimulatedResponse(List<String> selected, String main, boolean noneApply, long millis) {

    public SimulatedResponse {
        selected = List.copyOf(selected); // also rejects null elements
        if (new HashSet<>(selected).size() != selected.size()) {
            throw new IllegalArgumentException("selected labels must be distinct: " + selected);
        }
        if (selected.isEmpty() != (main == null)) {
            throw new IllegalArgumentException("main must be given exactly when labels are selected");
        }
        if (main != null && !selected.contains(main)) {
            throw new IllegalArgumentException("main " + main + " is not among selected " + selected);
        }
        if (noneApply != selected.isEmpty()) {
            throw new IllegalArgumentException("noneApply must be set exactly when nothing is selected");
        }
        if (millis <= 0) {
            throw new IllegalArgumentException("millis must be positive: " + millis);
        }
    }
}
