package org.relabel.annotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/** Small JDBC helpers for the queue's hand-written SQL (runs unchanged on H2 and PostgreSQL). */
final class Sql {
    private Sql() {
    }

    /** A typed null parameter. */
    record Null(int sqlType) {
    }

    static final Null NULL_LONG = new Null(Types.BIGINT);
    static final Null NULL_INT = new Null(Types.INTEGER);
    static final Null NULL_STRING = new Null(Types.VARCHAR);

    /** An SQL failure carried through lambdas that cannot throw checked exceptions. */
    static final class DataException extends RuntimeException {
        DataException(SQLException cause) {
            super(cause.getMessage(), cause);
        }
    }

    /** Reads one row. */
    @FunctionalInterface
    interface RowMapper<T> {
        T map(ResultSet rs) throws SQLException;
    }

    static PreparedStatement prepare(Connection c, String sql, Object... params) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        bind(ps, params);
        return ps;
    }

    static void bind(PreparedStatement ps, Object... params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            Object p = params[i];
            int at = i + 1;
            if (p instanceof Null n) ps.setNull(at, n.sqlType());
            else if (p instanceof Long l) ps.setLong(at, l);
            else if (p instanceof Integer n) ps.setInt(at, n);
            else if (p instanceof Short s) ps.setShort(at, s);
            else if (p instanceof String s) ps.setString(at, s);
            else if (p instanceof Boolean b) ps.setBoolean(at, b);
            else if (p instanceof Double d) ps.setDouble(at, d);
            else if (p instanceof OffsetDateTime t) ps.setObject(at, t);
            else throw new IllegalArgumentException("unsupported parameter type " + (p == null ? "null" : p.getClass()));
        }
    }

    static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            List<T> out = new ArrayList<>();
            while (rs.next()) out.add(mapper.map(rs));
            return out;
        }
    }

    static <T> T one(Connection c, String sql, RowMapper<T> mapper, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params); ResultSet rs = ps.executeQuery()) {
            return rs.next() ? mapper.map(rs) : null;
        }
    }

    static long count(Connection c, String sql, Object... params) throws SQLException {
        Long n = one(c, sql, rs -> rs.getLong(1), params);
        return n == null ? 0 : n;
    }

    static int update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, params)) {
            return ps.executeUpdate();
        }
    }

    /** Inserts one row and returns its generated {@code id}. */
    static long insert(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql, new String[]{"id"})) {
            bind(ps, params);
            ps.executeUpdate();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                if (!keys.next()) throw new SQLException("no generated key");
                return keys.getLong(1);
            }
        }
    }

    /** Runs one statement for every row of parameters as a JDBC batch (one round trip). */
    static void batch(Connection c, String sql, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) return;
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /**
     * Inserts a row for every row of parameters as a JDBC batch and returns their generated {@code id}s, in order.
     * On PostgreSQL the ids are drawn from the table's identity sequence first, in one query, so that the driver
     * can send the rows as multi-row INSERTs ({@code reWriteBatchedInserts}; it cannot when it must return keys).
     *
     * @param values the VALUES list of {@code columns}, e.g. {@code ?, ?, FALSE, ?}
     */
    static List<Long> insertAll(Connection c, String table, String columns, String values, List<Object[]> rows)
            throws SQLException {
        List<Long> ids = new ArrayList<>(rows.size());
        if (rows.isEmpty()) return ids;
        if (postgres(c)) {
            ids.addAll(list(c, "SELECT nextval(pg_get_serial_sequence('" + table + "', 'id')) FROM generate_series(1, ?)",
                    rs -> rs.getLong(1), rows.size()));
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (id, " + columns + ") VALUES (?, "
                    + values + ")")) {
                for (int i = 0; i < rows.size(); i++) {
                    Object[] row = rows.get(i);
                    Object[] withId = new Object[row.length + 1];
                    withId[0] = ids.get(i);
                    System.arraycopy(row, 0, withId, 1, row.length);
                    bind(ps, withId);
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return ids;
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + columns + ") VALUES (" + values + ")",
                new String[]{"id"})) {
            for (Object[] row : rows) {
                bind(ps, row);
                ps.addBatch();
            }
            ps.executeBatch();
            try (ResultSet keys = ps.getGeneratedKeys()) {
                while (keys.next()) ids.add(keys.getLong(1));
            }
        }
        if (ids.size() != rows.size()) throw new SQLException(rows.size() + " rows inserted, " + ids.size() + " keys returned");
        return ids;
    }

    /**
     * Runs an UPDATE for every row of parameters. On PostgreSQL one statement joins the table with the rows as a
     * VALUES list ({@code fromValues}, whose {@code %s} takes the list, naming the row's columns in order), in chunks of
     * 2<sup>k</sup> rows so that the server reuses the plans: one execution instead of one per row. Elsewhere
     * {@code single} (with the same parameters in the same order) runs as a JDBC batch. The rows must name distinct
     * table rows: a join updates a row once.
     */
    static void updateAll(Connection c, String fromValues, String single, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) return;
        if (!postgres(c)) {
            batch(c, single, rows);
            return;
        }
        String row = "(" + marks(rows.get(0).length) + ")";
        for (int from = 0; from < rows.size(); ) {
            int n = Math.min(Integer.highestOneBit(rows.size() - from), 256);
            List<Object> params = new ArrayList<>(n * rows.get(0).length);
            for (Object[] r : rows.subList(from, from + n)) params.addAll(Arrays.asList(r));
            update(c, String.format(fromValues, String.join(", ", Collections.nCopies(n, row))), params.toArray());
            from += n;
        }
    }

    /** Whether the connection is to PostgreSQL (else H2). */
    static boolean postgres(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase().contains("postgres");
    }

    /** {@code ?, ?, ?} for an IN list of n values (n &gt; 0). */
    static String marks(int n) {
        return String.join(", ", Collections.nCopies(n, "?"));
    }

    static OffsetDateTime time(ResultSet rs, int column) throws SQLException {
        return rs.getObject(column, OffsetDateTime.class);
    }

    /** Whether a failure is (caused by) a unique-constraint violation, SQLState 23505 on both databases. */
    static boolean uniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && "23505".equals(s.getSQLState())) return true;
            if (t.getCause() == t) break;
        }
        return false;
    }

    static List<Long> ids(String spaceSeparated) {
        String s = spaceSeparated == null ? "" : spaceSeparated.trim();
        if (s.isEmpty()) return List.of();
        String[] parts = s.split(" ");
        List<Long> out = new ArrayList<>(parts.length);
        for (String p : parts) out.add(Long.valueOf(p));
        return out;
    }
}
