package org.relabel.consensus.domain;

import java.util.Locale;

/**
 * One annotator's answer to "is this label's object present in the image?".
 *
 * <p>The {@link #code()} is the compact form stored in a {@link JudgmentSet} and used as the answer index
 * {@code y} of the Dawid-Skene confusion matrices.
 */
public enum Answer {
    /** The object is absent. */
    NO,
    /** The object is present. */
    YES,
    /** The annotator is unsure. */
    MAYBE;

    private static final Answer[] BY_CODE = values();

    /** Number of distinct answers ({@code L = 3} in the presence model). */
    public static final int COUNT = BY_CODE.length;

    /** @return the compact code of this answer: NO = 0, YES = 1, MAYBE = 2 */
    public byte code() {
        return (byte) ordinal();
    }

    /**
     * @param code a code from {@link #code()}
     * @return the answer with that code
     * @throws IllegalArgumentException when the code is not 0, 1 or 2
     */
    public static Answer ofCode(int code) {
        if (code < 0 || code >= BY_CODE.length) {
            throw new IllegalArgumentException("unknown answer code " + code);
        }
        return BY_CODE[code];
    }

    /**
     * Parses the exchange-format spelling, case-insensitively: {@code yes}/{@code no}/{@code maybe}, or the
     * synonyms {@code present}/{@code absent}/{@code unsure}.
     *
     * @param text the answer as written in an upload
     * @return the answer
     * @throws IllegalArgumentException when the text is none of these
     */
    public static Answer parse(String text) {
        if (text == null) {
            throw new IllegalArgumentException("answer is missing");
        }
        switch (text.trim().toLowerCase(Locale.ROOT)) {
            case "yes":
            case "present":
                return YES;
            case "no":
            case "absent":
                return NO;
            case "maybe":
            case "unsure":
                return MAYBE;
            default:
                throw new IllegalArgumentException("answer must be yes, no or maybe, not '" + text + "'");
        }
    }

    /** @return the exchange-format spelling: {@code yes}, {@code no} or {@code maybe} */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
