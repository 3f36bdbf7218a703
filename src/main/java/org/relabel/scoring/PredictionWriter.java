package org.relabel.scoring;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.jboss.logging.Logger;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * Writes validated prediction rows inside the import's transaction, as fast as the database allows:
 * PostgreSQL gets one {@code COPY ... FROM STDIN} stream per chunk (no statement per row); other databases
 * (H2) get multi-row {@code INSERT}s of {@value #ROWS_PER_INSERT} rows in JDBC batches. Models named in
 * the upload but not yet registered are created as {@link Model#IMPORTED} before their first row; for a
 * model that already had predictions, each image of the upload loses its old ranks first (replacement).
 */
final class PredictionWriter implements AutoCloseable {
    /** Rows per multi-row INSERT statement on databases without COPY. */
    static final int ROWS_PER_INSERT = 100;
    /** Statements per JDBC batch. */
    private static final int STATEMENTS_PER_BATCH = 10;
    private static final String COLUMNS = "prediction (model_id, image_id, label_rank, class_id, probability)";
    private static final Logger LOG = Logger.getLogger(PredictionWriter.class);

    /** A model named in the upload. */
    static final class ImportModel {
        final String name;
        Long id;
        /** Whether it had predictions before this upload (so uploaded images replace theirs). */
        final boolean hadPredictions;
        /** Whether the upload names it. */
        boolean touched;
        /** Images whose old predictions were deleted already. */
        final LongHashSet replaced = new LongHashSet();

        ImportModel(String name, Long id, boolean hadPredictions) {
            this.name = name;
            this.id = id;
            this.hadPredictions = hadPredictions;
        }
    }

    private final Connection c;
    private final long datasetId;
    private final List<ImportModel> models = new ArrayList<>();
    private final Map<String, Integer> modelIndex = new HashMap<>();
    private final boolean postgres;
    private PreparedStatement multiInsert;
    private PreparedStatement singleInsert;
    private PreparedStatement delete;

    /** Loads the dataset's models in id order: their list positions then sort like their ids. */
    PredictionWriter(Connection c, long datasetId) throws SQLException {
        this.c = c;
        this.datasetId = datasetId;
        this.postgres = c.isWrapperFor(PGConnection.class);
        try (PreparedStatement ps = c.prepareStatement("SELECT m.id, m.name, CASE WHEN EXISTS (SELECT 1 FROM prediction p "
                + "WHERE p.model_id = m.id) THEN 1 ELSE 0 END FROM model m WHERE m.dataset_id = ? ORDER BY m.id")) {
            ps.setLong(1, datasetId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) add(new ImportModel(rs.getString(2), rs.getLong(1), rs.getInt(3) == 1));
            }
        }
    }

    /** Whether rows go through PostgreSQL's COPY. */
    boolean usesCopy() {
        return postgres;
    }

    /** The position of a model by name; a new name is added (and created in the database at the next write). */
    int model(String name) {
        Integer i = modelIndex.get(name);
        return i != null ? i : add(new ImportModel(name, null, false));
    }

    private int add(ImportModel m) {
        models.add(m);
        modelIndex.put(m.name, models.size() - 1);
        return models.size() - 1;
    }

    /** Ids of the models that received rows from {@code rows} so far (for the result and top-k update). */
    List<ImportModel> models() {
        return models;
    }

    /** Writes the rows (sorted here by model, image, rank); {@code written} hears the count as it grows. */
    void write(PredictionRows rows, IntConsumer written) throws SQLException {
        if (rows.size() == 0) return;
        long start = System.nanoTime();
        rows.sort();
        long sorted = System.nanoTime();
        createNewModels();
        deleteReplaced(rows);
        long deleted = System.nanoTime();
        if (postgres) {
            copy(rows, written);
        } else {
            insert(rows, written);
        }
        LOG.debugf("%d prediction rows: sort %d ms, models and replaced rows %d ms, %s %d ms", rows.size(),
                (sorted - start) / 1_000_000, (deleted - sorted) / 1_000_000, postgres ? "COPY" : "INSERT",
                (System.nanoTime() - deleted) / 1_000_000);
    }

    private void createNewModels() throws SQLException {
        for (ImportModel m : models) {
            if (m.id != null) continue;
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO model (dataset_id, name, format, top_k, created_at) "
                    + "VALUES (?, ?, ?, ?, ?)", new String[]{"id"})) {
                ps.setLong(1, datasetId);
                ps.setString(2, m.name);
                ps.setString(3, Model.IMPORTED);
                ps.setInt(4, 5);
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    keys.next();
                    m.id = keys.getLong(1);
                }
            }
        }
    }

    /** Old predictions of the uploaded images, for models that had some: removed once per (model, image). */
    private void deleteReplaced(PredictionRows rows) throws SQLException {
        int pending = 0;
        for (int i = 0; i < rows.size(); i++) {
            ImportModel m = models.get(rows.model(i));
            if (!m.hadPredictions || !m.replaced.add(rows.image(i))) continue;
            if (delete == null) delete = c.prepareStatement("DELETE FROM prediction WHERE model_id = ? AND image_id = ?");
            delete.setLong(1, m.id);
            delete.setLong(2, rows.image(i));
            delete.addBatch();
            if (++pending == 1000) {
                delete.executeBatch();
                pending = 0;
            }
        }
        if (pending > 0) delete.executeBatch();
    }

    private void insert(PredictionRows rows, IntConsumer written) throws SQLException {
        int n = rows.size();
        int full = n / ROWS_PER_INSERT;
        if (full > 0 && multiInsert == null) {
            StringBuilder sql = new StringBuilder("INSERT INTO ").append(COLUMNS).append(" VALUES ");
            for (int i = 0; i < ROWS_PER_INSERT; i++) sql.append(i == 0 ? "(?, ?, ?, ?, ?)" : ", (?, ?, ?, ?, ?)");
            multiInsert = c.prepareStatement(sql.toString());
        }
        int row = 0;
        int statements = 0;
        for (int s = 0; s < full; s++) {
            for (int k = 0; k < ROWS_PER_INSERT; k++) bind(multiInsert, k * 5, rows, row++);
            multiInsert.addBatch();
            if (++statements == STATEMENTS_PER_BATCH) {
                multiInsert.executeBatch();
                statements = 0;
                written.accept(row);
            }
        }
        if (statements > 0) multiInsert.executeBatch();
        if (row < n) {
            if (singleInsert == null) singleInsert = c.prepareStatement("INSERT INTO " + COLUMNS + " VALUES (?, ?, ?, ?, ?)");
            for (; row < n; row++) {
                bind(singleInsert, 0, rows, row);
                singleInsert.addBatch();
            }
            singleInsert.executeBatch();
        }
        written.accept(n);
    }

    private void bind(PreparedStatement ps, int offset, PredictionRows rows, int i) throws SQLException {
        ps.setLong(offset + 1, models.get(rows.model(i)).id);
        ps.setLong(offset + 2, rows.image(i));
        ps.setInt(offset + 3, rows.rank(i));
        ps.setLong(offset + 4, rows.classId(i));
        double p = rows.probability(i);
        if (Double.isNaN(p)) ps.setNull(offset + 5, Types.DOUBLE); else ps.setDouble(offset + 5, p);
    }

    /** One COPY stream in PostgreSQL's text format (tab-separated, {@code \N} for null), in the current transaction. */
    private void copy(PredictionRows rows, IntConsumer written) throws SQLException {
        CopyIn in = c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + COLUMNS + " FROM STDIN");
        try {
            byte[] buf = new byte[1 << 16];
            int len = 0;
            for (int i = 0; i < rows.size(); i++) {
                if (len > buf.length - 128) {
                    in.writeToCopy(buf, 0, len);
                    len = 0;
                    written.accept(i);
                }
                len = put(buf, len, models.get(rows.model(i)).id);
                buf[len++] = '\t';
                len = put(buf, len, rows.image(i));
                buf[len++] = '\t';
                len = put(buf, len, rows.rank(i));
                buf[len++] = '\t';
                len = put(buf, len, rows.classId(i));
                buf[len++] = '\t';
                double p = rows.probability(i);
                if (Double.isNaN(p)) {
                    buf[len++] = '\\';
                    buf[len++] = 'N';
                } else {
                    byte[] text = Double.toString(p).getBytes(StandardCharsets.US_ASCII);
                    System.arraycopy(text, 0, buf, len, text.length);
                    len += text.length;
                }
                buf[len++] = '\n';
            }
            if (len > 0) in.writeToCopy(buf, 0, len);
            in.endCopy();
        } finally {
            if (in.isActive()) in.cancelCopy();
        }
        written.accept(rows.size());
    }

    /** Writes the decimal digits of a non-negative number. */
    private static int put(byte[] buf, int at, long v) {
        if (v == 0) {
            buf[at] = '0';
            return at + 1;
        }
        int digits = 0;
        for (long t = v; t > 0; t /= 10) digits++;
        int end = at + digits;
        for (int i = end - 1; i >= at; i--) {
            buf[i] = (byte) ('0' + v % 10);
            v /= 10;
        }
        return end;
    }

    @Override
    public void close() throws SQLException {
        for (PreparedStatement ps : new PreparedStatement[]{multiInsert, singleInsert, delete}) {
            if (ps != null) ps.close();
        }
    }
}
