package org.relabel.audit.domain;

/** Why an image was flagged for a curator's review. See {@link FindingRules} for each rule. */
public enum FindingKind {
    /** The original label has a low SF while another shown label has a high SF. */
    LABEL_ERROR,
    /** People judged two or more labels valid. */
    MULTIPLE_OBJECTS,
    /** People split on the main label: the two most chosen main labels have close shares. */
    AMBIGUOUS_MAIN,
    /** Most models predict the original label, but people judged it not present or not the main object. */
    MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE,
    /** The image has fewer judgments than required for a reliable consensus. */
    TOO_FEW_JUDGMENTS
}
