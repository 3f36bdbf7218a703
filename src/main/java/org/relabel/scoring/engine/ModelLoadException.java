package org.relabel.scoring.engine;

/**
 * A model could not be loaded or failed validation. The message is meant for the person who uploaded the
 * model (for example "The model outputs 7 scores per image but the dataset has 3 classes"); it never holds
 * a stack trace. The engine's own exception, if any, is kept as the cause for logs.
 */
public class ModelLoadException extends Exception {

    private static final long serialVersionUID = 1L;

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
