package org.relabel.scoring.engine;

/**
 * A scoring run failed as a whole: the engine failed on a batch, or the image source itself failed. Problems
 * with single images are not this exception; they are reported as {@link ImageError}s.
 */
public class ScoringException extends Exception {

    private static final long serialVersionUID = 1L;

    public ScoringException(String message, Throwable cause) {
        super(message, cause);
    }
}
