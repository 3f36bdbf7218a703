package org.relabel.scoring.engine;

/** DJL process-wide settings that must be in place before the first DJL class touches the network. */
final class Djl {

    private Djl() {
    }

    /**
     * Sets {@code ai.djl.offline=true} unless the property was set explicitly: engines and natives come from the
     * class path and nothing is downloaded.
     */
    static void ensureOffline() {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
    }

    /** The first non-blank line of an engine message, shortened: enough for a person, never a stack trace. */
    static String firstLine(Throwable t) {
        Throwable cause = t;
        String message = null;
        boolean endOfFile = false;
        while (cause != null) {
            endOfFile |= cause instanceof java.io.EOFException;
            if (cause.getMessage() != null && !cause.getMessage().isBlank()) {
                message = cause.getMessage();
            }
            if (cause.getCause() == null || cause.getCause() == cause) {
                break;
            }
            cause = cause.getCause();
        }
        if (message == null) {
            return endOfFile ? "the file ends unexpectedly" : "no details given";
        }
        for (String line : message.split("\\R")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty()) {
                return trimmed.length() > 240 ? trimmed.substring(0, 237) + "..." : trimmed;
            }
        }
        return "no details given";
    }
}
