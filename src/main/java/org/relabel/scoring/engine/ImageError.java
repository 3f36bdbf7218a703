package org.relabel.scoring.engine;

/**
 * An image that could not be scored (unreadable, corrupt or truncated); scoring of the others goes on.
 *
 * @param imageKey the key from {@link ImageSource#imageKey()}
 * @param message  a short human explanation, without a stack trace
 */
public record ImageError(String imageKey, String message) {
}
