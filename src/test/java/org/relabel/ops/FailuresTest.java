package org.relabel.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class FailuresTest {

    @Test
    void connectionFailuresAnywhereInTheChainMeanTheDatabaseIsUnavailable() {
        assertEquals(Optional.of(Failures.Kind.DATABASE_UNAVAILABLE), Failures.classify(
                new IllegalStateException("tx", new RuntimeException(new SQLException("Connection refused", "08001")))));
        assertEquals(Optional.of(Failures.Kind.DATABASE_UNAVAILABLE), Failures.classify(
                new SQLException("terminating connection due to administrator command", "57P01")));
        assertEquals(Optional.of(Failures.Kind.DATABASE_UNAVAILABLE), Failures.classify(
                new SQLException("Sorry, acquisition timeout!")));
        assertEquals(Optional.of(Failures.Kind.DATABASE_UNAVAILABLE), Failures.classify(
                new RuntimeException(new SQLTransientConnectionException("gone"))));
        assertEquals(Optional.of(Failures.Kind.DATABASE_UNAVAILABLE), Failures.classify(
                new SQLException("I/O error", new ConnectException("Connection refused"))));
        assertEquals(Optional.of(Failures.Kind.DATABASE_UNAVAILABLE), Failures.classify(
                new SQLException("Database is already closed", "90121")));
    }

    @Test
    void aFullDiskIsToldApartFromTheDatabaseAndWins() {
        assertEquals(Optional.of(Failures.Kind.DISK_FULL), Failures.classify(
                new UncheckedIOException(new IOException("No space left on device"))));
        assertEquals(Optional.of(Failures.Kind.DISK_FULL), Failures.classify(
                new SQLException("could not extend file: No space left on device", "53100")));
        assertEquals(Optional.of(Failures.Kind.DISK_FULL), Failures.classify(
                new SQLException("wrapped", "08006", new IOException("Disk quota exceeded"))));
    }

    @Test
    void bugsAndInvalidRequestsStayUnclassified() {
        assertEquals(Optional.empty(), Failures.classify(new IllegalStateException("bug")));
        assertEquals(Optional.empty(), Failures.classify(new SQLException("duplicate key", "23505")));
        assertEquals(Optional.empty(), Failures.classify(new SQLException("syntax error", "42601")));
        assertEquals(Optional.empty(), Failures.classify(new IOException("Connection reset by peer while reading the upload")));
        assertEquals(Optional.empty(), Failures.classify(new IllegalArgumentException("No space left on device")),
                "only I/O and SQL errors speak for the disk");
    }

    @Test
    void problemsAreRetryableWithStableTypes() {
        assertEquals(503, Failures.problem(Failures.Kind.DATABASE_UNAVAILABLE).status());
        assertEquals("urn:relabel:database-unavailable", Failures.problem(Failures.Kind.DATABASE_UNAVAILABLE).toProblem("/x").type());
        assertEquals(507, Failures.problem(Failures.Kind.DISK_FULL).status());
        assertEquals("urn:relabel:insufficient-storage", Failures.problem(Failures.Kind.DISK_FULL).toProblem("/x").type());
    }
}
