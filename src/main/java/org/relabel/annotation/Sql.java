package org.relabel.annotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
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
