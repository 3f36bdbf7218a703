package org.relabel.consensus.domain;

/**
 * One annotator's answer on one (image, label) pair: the ReaL-style input ("is this object in the image?").
 *
 * @param image     image key
 * @param label     class key of the candidate label
 * @param annotator annotator key
 * @param answer    yes, no or maybe
 */
public record LabelJudgment(String image, String label, String annotator, Answer answer) {

    public LabelJudgment {
        Keys.require(image, "image");
        Keys.require(label, "label");
        Keys.require(annotator, "annotator");
        if (answer == null) {
            throw new IllegalArgumentException("answer is missing");
        }
    }
}
