package org.relabel.annotation;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

/**
 * Small JDBC helpers for the queue's hand-written SQL, on H2 and PostgreSQL: on PostgreSQL a batch's rows go as array
 * parameters ({@link #in}, {@link #unnest}) and independent statements in one round trip ({@link Script}).
 */
final class Sql {
    private Sql() {
    }

    /** A typed null parameter. */
    record Null(int sqlType) {
    }

    /**
     * An array parameter (PostgreSQL only), bound with {@link PreparedStatement#setArray}: {@code type} names the
     * elements' type ({@code int8}, {@code text}, ...); null elements are SQL NULLs.
     */
    record Array(String type, Object[] values) {
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
            else if (p instanceof Array a) ps.setArray(at, ps.getConnection().createArrayOf(a.type(), a.values()));
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
     * Inserts a row for every row of parameters and returns their generated {@code id}s, in order: on PostgreSQL with
     * one statement (the rows read from one array parameter per column, {@link #unnest}), elsewhere as a JDBC batch.
     *
     * @param values the VALUES list of {@code columns}, e.g. {@code ?, ?, FALSE, ?}
     */
    static List<Long> insertAll(Connection c, String table, String columns, String values, List<Object[]> rows)
            throws SQLException {
        Script script = new Script(c);
        Script.Rows<Long> ids = script.insertAll(table, columns, values, rows);
        script.run();
        if (ids.get().size() != rows.size()) throw new SQLException(rows.size() + " rows inserted, " + ids.get().size() + " ids");
        return ids.get();
    }

    private static List<Long> insertBatch(Connection c, String table, String columns, String values, List<Object[]> rows)
            throws SQLException {
        List<Long> ids = new ArrayList<>(rows.size());
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
     * Runs an UPDATE (or an upsert) for every row of parameters. On PostgreSQL one statement reads the rows from
     * arrays, one per column ({@code fromArrays}, whose {@code %s} takes {@code unnest(?, ?, ...)}, to be named with
     * the row's columns in order, e.g. {@code FROM %s AS v (a, b)}): one execution, and the same text whatever the
     * number of rows, so that the server keeps its plan. Elsewhere {@code single} (with the same parameters in the
     * same order) runs as a JDBC batch. The rows must name distinct table rows: a join updates a row once.
     */
    static void updateAll(Connection c, String fromArrays, String single, List<Object[]> rows) throws SQLException {
        Script script = new Script(c);
        script.updateAll(fromArrays, single, rows);
        script.run();
    }

    /**
     * Statements sent together: on PostgreSQL as one multi-statement query (one round trip; they run in order, in the
     * caller's transaction), on H2 each at once. A query's rows are there once the script has run.
     */
    static final class Script {
        /** The rows one query of a script returned. */
        static final class Rows<T> {
            private final RowMapper<T> mapper;
            private List<T> rows;

            private Rows(RowMapper<T> mapper) {
                this.mapper = mapper;
            }

            List<T> get() {
                if (rows == null) throw new IllegalStateException("the script has not run yet");
                return rows;
            }

            private void read(ResultSet rs) throws SQLException {
                List<T> out = new ArrayList<>();
                while (rs.next()) out.add(mapper.map(rs));
                rows = out;
            }
        }

        private final Connection c;
        private final boolean postgres;
        private final List<String> statements = new ArrayList<>();
        private final List<Object> params = new ArrayList<>();
        private final List<Rows<?>> results = new ArrayList<>(); // null for a statement without rows

        Script(Connection c) throws SQLException {
            this.c = c;
            this.postgres = Sql.postgres(c);
        }

        boolean postgres() {
            return postgres;
        }

        Connection connection() {
            return c;
        }

        <T> Rows<T> query(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
            Rows<T> rows = new Rows<>(mapper);
            if (postgres) add(sql, params, rows);
            else rows.rows = list(c, sql, mapper, params);
            return rows;
        }

        /** {@link Sql#updateAll}'s statement. */
        void updateAll(String fromArrays, String single, List<Object[]> rows) throws SQLException {
            if (rows.isEmpty()) return;
            if (postgres) add(String.format(fromArrays, unnest(rows)), arrays(rows), null);
            else batch(c, single, rows);
        }

        /** {@link Sql#insertAll}'s statement: the ids, in the rows' order. */
        Rows<Long> insertAll(String table, String columns, String values, List<Object[]> rows) throws SQLException {
            Rows<Long> ids = new Rows<>(rs -> rs.getLong(1));
            if (rows.isEmpty()) {
                ids.rows = List.of();
                return ids;
            }
            if (!postgres) {
                ids.rows = insertBatch(c, table, columns, values, rows);
                return ids;
            }
            // the rows from arrays, numbered, each drawing its id from the table's sequence; the ids come back in the
            // rows' order. The VALUES list's parameters become the columns v.c1, v.c2, ...
            StringBuilder select = new StringBuilder();
            int column = 0;
            for (String part : values.split("\\?", -1)) {
                if (column > 0) select.append("v.c").append(column);
                select.append(part);
                column++;
            }
            List<String> names = IntStream.range(1, column).mapToObj(k -> "c" + k).toList();
            add("WITH v AS MATERIALIZED (SELECT nextval(pg_get_serial_sequence('" + table + "', 'id')) AS id, u.* "
                    + "FROM " + unnest(rows) + " WITH ORDINALITY AS u (" + String.join(", ", names) + ", n)), "
                    + "inserted AS (INSERT INTO " + table + " (id, " + columns + ") SELECT v.id, " + select + " FROM v) "
                    + "SELECT id FROM v ORDER BY n", arrays(rows), ids);
            return ids;
        }

        private void add(String sql, Object[] params, Rows<?> rows) {
            statements.add(sql);
            this.params.addAll(Arrays.asList(params));
            results.add(rows);
        }

        void run() throws SQLException {
            if (statements.isEmpty()) return;
            try (PreparedStatement ps = prepare(c, String.join("; ", statements), params.toArray())) {
                boolean rowsNext = ps.execute();
                for (int i = 0; i < results.size(); i++) {
                    if (i > 0) rowsNext = ps.getMoreResults();
                    Rows<?> rows = results.get(i);
                    if (rows == null) continue;
                    if (!rowsNext) throw new SQLException("statement " + (i + 1) + " of the script returned no rows");
                    try (ResultSet rs = ps.getResultSet()) {
                        rows.read(rs);
                    }
                }
            }
            statements.clear();
            params.clear();
            results.clear();
        }
    }

    /** {@code unnest(CAST(? AS int8[]), ...)}: the rows as a table, from one array parameter per column ({@link #arrays}). */
    static String unnest(List<Object[]> rows) {
        List<String> columns = new ArrayList<>();
        for (int k = 0; k < rows.get(0).length; k++) columns.add("CAST(? AS " + arrayType(rows, k) + "[])");
        return "unnest(" + String.join(", ", columns) + ")";
    }

    /** The parameters of {@link #unnest}: one array per column. */
    static Object[] arrays(List<Object[]> rows) {
        Object[] out = new Object[rows.get(0).length];
        for (int k = 0; k < out.length; k++) {
            String type = arrayType(rows, k);
            Object[] values = (Object[]) java.lang.reflect.Array.newInstance(switch (type) {
                case "int8" -> Long.class;
                case "int4" -> Integer.class;
                case "int2" -> Short.class;
                case "bool" -> Boolean.class;
                case "float8" -> Double.class;
                default -> String.class; // text, and timestamptz as ISO text
            }, rows.size());
            for (int i = 0; i < rows.size(); i++) {
                Object v = rows.get(i)[k];
                values[i] = v instanceof Null ? null : v instanceof OffsetDateTime t ? t.toString() : v;
            }
            out[k] = new Array(type, values);
        }
        return out;
    }

    /**
     * The condition that {@code column} is one of {@code values}, whose parameters it adds to {@code params}: on
     * PostgreSQL {@code column = ANY(?)} with one array parameter (the same text, and plan, for any number of values),
     * on H2 {@code column IN (?, ?, ...)}.
     */
    static String in(boolean postgres, String column, Collection<?> values, List<Object> params) {
        if (values.isEmpty()) throw new IllegalArgumentException("no values for " + column);
        if (!postgres) {
            params.addAll(values);
            return column + " IN (" + marks(values.size()) + ")";
        }
        List<Object[]> rows = values.stream().map(v -> new Object[]{v}).toList();
        params.add(arrays(rows)[0]);
        return column + " = ANY(?)";
    }

    private static String arrayType(List<Object[]> rows, int column) {
        for (Object[] row : rows) {
            Object v = row[column];
            if (v instanceof Null n) {
                switch (n.sqlType()) {
                    case Types.BIGINT -> { return "int8"; }
                    case Types.INTEGER -> { return "int4"; }
                    case Types.VARCHAR -> { return "text"; }
                    default -> throw new IllegalArgumentException("unsupported null type " + n.sqlType());
                }
            }
            if (v instanceof Long) return "int8";
            if (v instanceof Integer) return "int4";
            if (v instanceof Short) return "int2";
            if (v instanceof String) return "text";
            if (v instanceof Boolean) return "bool";
            if (v instanceof Double) return "float8";
            if (v instanceof OffsetDateTime) return "timestamptz";
            throw new IllegalArgumentException("unsupported parameter type " + (v == null ? "null" : v.getClass()));
        }
        throw new IllegalArgumentException("no rows");
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
