package org.relabel.ops;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Locale;
import java.util.Optional;
import org.relabel.web.ProblemException;

/**
 * Tells failures caused by the environment from bugs, so that clients get a clear, retryable answer
 * instead of a 500: the database cannot be reached (503 {@code urn:relabel:database-unavailable}) or
 * the disk is full (507 {@code urn:relabel:insufficient-storage}). Nothing was stored in either case
 * (the transaction did not commit), so the client may send the same request again once the cause is
 * gone; the application needs no restart for that.
 *
 * <p>Recognised by walking the cause chain: SQLState class {@code 08} (connection exception),
 * {@code 57P01-57P03} (PostgreSQL shutting down or starting up), {@code 53100} (PostgreSQL: disk full),
 * H2's "database closed" codes, JDBC's connection exception types, the pool's acquisition timeout, and
 * an I/O error "No space left on device" / "Disk quota exceeded" anywhere in the chain.
 */
public final class Failures {
    /** What went wrong outside the application. */
    public enum Kind { DATABASE_UNAVAILABLE, DISK_FULL }

    private Failures() {
    }

    /** The environmental cause of a failure, if it has one. */
    public static Optional<Kind> classify(Throwable failure) {
        boolean database = false;
        int depth = 0;
        for (Throwable t = failure; t != null && depth < 32; t = t.getCause(), depth++) {
            if (diskFull(t)) return Optional.of(Kind.DISK_FULL);
            if (t instanceof SQLException s && "53100".equals(s.getSQLState())) return Optional.of(Kind.DISK_FULL);
            if (databaseUnavailable(t)) database = true;
            if (t.getCause() == t) break;
        }
        return database ? Optional.of(Kind.DATABASE_UNAVAILABLE) : Optional.empty();
    }

    /** The problem to answer with, for a failure with an environmental cause. */
    public static Optional<ProblemException> problem(Throwable failure) {
        return classify(failure).map(Failures::problem);
    }

    public static ProblemException problem(Kind kind) {
        return switch (kind) {
            case DATABASE_UNAVAILABLE -> new ProblemException(503, "database-unavailable", "Database unavailable",
                    "the database cannot be reached at the moment; nothing was stored. Send the same request again "
                            + "in a few seconds");
            case DISK_FULL -> new ProblemException(507, "insufficient-storage", "Insufficient storage",
                    "the server's disk is full; nothing was stored. An administrator must free space, then send the "
                            + "same request again");
        };
    }

    /** A one-line explanation for logs and job messages. */
    public static String describe(Kind kind) {
        return switch (kind) {
            case DATABASE_UNAVAILABLE -> "the database could not be reached";
            case DISK_FULL -> "the disk is full";
        };
    }

    static boolean diskFull(Throwable t) {
        String m = t.getMessage();
        if (m == null) return false;
        String lower = m.toLowerCase(Locale.ROOT);
        return (t instanceof IOException || t instanceof SQLException || t.getClass().getName().startsWith("org.h2."))
                && (lower.contains("no space left on device") || lower.contains("disk quota exceeded")
                || lower.contains("not enough space on the disk"));
    }

    static boolean databaseUnavailable(Throwable t) {
        if (t instanceof SQLTransientConnectionException || t instanceof SQLNonTransientConnectionException) return true;
        if (t instanceof java.net.ConnectException) return true;
        String name = t.getClass().getName();
        if (name.equals("org.hibernate.exception.JDBCConnectionException")) return true;
        if (t instanceof SQLException s) {
            String state = s.getSQLState();
            if (state != null) {
                if (state.startsWith("08")) return true;
                if (state.equals("57P01") || state.equals("57P02") || state.equals("57P03")) return true;
                // H2: database closed, called at shutdown, connection broken
                if (state.equals("90098") || state.equals("90121") || state.equals("90067")) return true;
            }
            String m = s.getMessage();
            // Agroal: no connection could be obtained within the acquisition timeout
            if (m != null && m.contains("acquisition timeout")) return true;
        }
        return false;
    }
}
