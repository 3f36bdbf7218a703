package org.relabel.scoring.engine;

/**
 * The model runs but outputs another number of scores per image than expected; {@link #actual()} lets the
 * caller explain the mismatch in its own terms (for example against the lines of a synset file).
 */
public class OutputWidthException extends ModelLoadException {

    private static final long serialVersionUID = 1L;
    private final int actual;
    private final int expected;

    public OutputWidthException(String message, int actual, int expected) {
        super(message);
        this.actual = actual;
        this.expected = expected;
    }

    /** Scores per image the model outputs. */
    public int actual() {
        return actual;
    }

    /** Scores per image the caller asked for. */
    public int expected() {
        return expected;
    }
}
