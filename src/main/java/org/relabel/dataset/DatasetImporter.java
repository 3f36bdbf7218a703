package org.relabel.dataset;

import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import org.relabel.RelabelConfig;
import org.relabel.job.JobContext;
import org.relabel.upload.CountingInputStream;
import org.relabel.upload.CsvReader;
import org.relabel.upload.UploadErrors;
import org.relabel.upload.UploadException;
import static org.relabel.upload.Uploads.inTransaction;
import static org.relabel.upload.Uploads.trim;
import static org.relabel.upload.Uploads.utf8;

/**
 * Imports classes and images (CSV, or zip: ImageFolder or archive with {@code images.csv}).
 * Every import is one transaction: all rows are validated, any error rejects the whole upload
 * with line and column, and nothing is stored. Rows stream from a spooled file; rows of the
 * same key update the existing class or image (re-uploading is safe).
 */
@ApplicationScoped
public class DatasetImporter {
    private static final int BATCH = 500;

    @Inject
    AgroalDataSource dataSource;
    @Inject
    ImageStore store;
    @Inject
    RelabelConfig config;

    /** Classes CSV: {@code key}, {@code name}, optional {@code index}, optional {@code description}. */
    public ImportResult importClasses(long datasetId, Path csv, JobContext ctx) {
        return inTransaction(() -> {
            UploadErrors errors = errors();
            Map<String, long[]> existing = new HashMap<>(); // key -> {id, index or -1}
            Map<Integer, String> indexOwner = new HashMap<>();
            try (Connection c = dataSource.getConnection()) {
                try (PreparedStatement ps = c.prepareStatement(
                        "SELECT id, class_key, output_index FROM dataset_class WHERE dataset_id = ?")) {
                    ps.setLong(1, datasetId);
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            int idx = rs.getInt(3);
                            boolean hasIdx = !rs.wasNull();
                            existing.put(rs.getString(2), new long[]{rs.getLong(1), hasIdx ? idx : -1});
                            if (hasIdx) indexOwner.put(idx, rs.getString(2));
                        }
                    }
                }
                long rows = 0, created = 0, updated = 0;
                Set<String> seen = new HashSet<>();
                try (CountingInputStream counting = new CountingInputStream(Files.newInputStream(csv));
                     CsvReader reader = new CsvReader(utf8(counting));
                     PreparedStatement insert = c.prepareStatement(
                             "INSERT INTO dataset_class (dataset_id, class_key, name, description, output_index) VALUES (?, ?, ?, ?, ?)");
                     PreparedStatement update = c.prepareStatement(
                             "UPDATE dataset_class SET name = ?, description = ?, output_index = ? WHERE id = ?")) {
                    int keyCol = reader.requireColumn("key");
                    int nameCol = reader.requireColumn("name");
                    int indexCol = reader.column("index");
                    int descCol = reader.column("description");
                    long size = Math.max(1, Files.size(csv));
                    CsvReader.Row row;
                    while ((row = reader.next()) != null) {
                        rows++;
                        String key = trim(row.get(keyCol));
                        String name = trim(row.get(nameCol));
                        String desc = emptyToNull(row.get(descCol));
                        Integer index = null;
                        boolean ok = true;
                        if (key.isEmpty()) {
                            errors.add(row.line(), keyCol + 1, "key", "empty class key");
                            ok = false;
                        } else if (key.length() > 200) {
                            errors.add(row.line(), keyCol + 1, "key", "class key longer than 200 characters");
                            ok = false;
                        } else if (!seen.add(key)) {
                            errors.add(row.line(), keyCol + 1, "key", "duplicate class key '" + key + "'");
                            ok = false;
                        }
                        if (name.isEmpty()) {
                            errors.add(row.line(), nameCol + 1, "name", "empty class name");
                            ok = false;
                        }
                        String rawIndex = trim(row.get(indexCol));
                        if (!rawIndex.isEmpty()) {
                            try {
                                index = Integer.parseInt(rawIndex);
                                if (index < 0) throw new NumberFormatException();
                                String owner = indexOwner.get(index);
                                if (owner != null && !owner.equals(key)) {
                                    errors.add(row.line(), indexCol + 1, "index",
                                            "index " + index + " is already used by class '" + owner + "'");
                                    ok = false;
                                } else {
                                    indexOwner.put(index, key);
                                }
                            } catch (NumberFormatException e) {
                                errors.add(row.line(), indexCol + 1, "index",
                                        "'" + rawIndex + "' is not a non-negative integer");
                                ok = false;
                            }
                        }
                        if (!ok || errors.any()) continue;
                        long[] old = existing.get(key);
                        if (old == null) {
                            insert.setLong(1, datasetId);
                            insert.setString(2, key);
                            insert.setString(3, name);
                            insert.setString(4, desc);
                            setInt(insert, 5, index);
                            insert.addBatch();
                            created++;
                        } else {
                            if (old[1] >= 0 && (index == null || index != old[1])
                                    && key.equals(indexOwner.get((int) old[1]))) {
                                indexOwner.remove((int) old[1]);
                            }
                            update.setString(1, name);
                            update.setString(2, desc);
                            setInt(update, 3, index);
                            update.setLong(4, old[0]);
                            update.addBatch();
                            updated++;
                        }
                        if ((created + updated) % BATCH == 0) {
                            insert.executeBatch();
                            update.executeBatch();
                            progress(ctx, counting.count(), size, rows + " classes read");
                        }
                    }
                    errors.throwIfAny();
                    insert.executeBatch();
                    update.executeBatch();
                }
                return new ImportResult(rows, created, updated);
            }
        });
    }

    /** Images CSV without pixels: {@code image}, {@code label}, optional {@code location} (URL or empty). */
    public ImportResult importImagesCsv(long datasetId, Path csv, JobContext ctx) {
        return inTransaction(() -> {
            try (CountingInputStream counting = new CountingInputStream(Files.newInputStream(csv))) {
                long size = Math.max(1, Files.size(csv));
                return importImageRows(datasetId, utf8(counting), null,
                        rows -> progress(ctx, counting.count(), size, rows + " images read"));
            }
        });
    }

    /**
     * Images zip: an archive with {@code images.csv} (locations are paths inside the archive), or an
     * ImageFolder archive ({@code <class key>/<file>}, the image key is the path inside the archive).
     */
    public ImportResult importImagesZip(long datasetId, Path zip, JobContext ctx) {
        return inTransaction(() -> {
            ZipFile zf;
            try {
                zf = new ZipFile(zip.toFile(), StandardCharsets.UTF_8);
            } catch (ZipException e) {
                throw UploadException.single(null, null, null, "not a readable zip archive");
            }
            try (zf) {
                ZipEntry csvEntry = findImagesCsv(zf);
                if (csvEntry != null) {
                    String base = csvEntry.getName().substring(0, csvEntry.getName().length() - "images.csv".length());
                    long total = Math.max(1, zf.stream().filter(e -> !e.isDirectory()).count());
                    return importImageRows(datasetId, utf8(zf.getInputStream(csvEntry)), new ZipPixels(zf, base),
                            rows -> progress(ctx, rows, total, rows + " images read"));
                }
                return importImageFolder(datasetId, zf, ctx);
            }
        });
    }

    /** Where pixels of an archive come from: entries resolved relative to the folder of images.csv. */
    private record ZipPixels(ZipFile zip, String base) {
        ZipEntry entry(String location) {
            String name = base + (location.startsWith("./") ? location.substring(2) : location);
            ZipEntry e = zip.getEntry(name);
            return e == null || e.isDirectory() ? null : e;
        }
    }

    private interface RowProgress {
        void rows(long rows);
    }

    private ImportResult importImageRows(long datasetId, InputStreamReader csvReader, ZipPixels pixels,
                                         RowProgress progress) throws IOException, SQLException {
        UploadErrors errors = errors();
        try (Connection c = dataSource.getConnection(); CsvReader reader = new CsvReader(csvReader);
             ImageWriter writer = new ImageWriter(c, datasetId)) {
            int imageCol = reader.requireColumn("image");
            int labelCol = reader.requireColumn("label");
            int locationCol = reader.column("location");
            Set<String> seen = new HashSet<>();
            long rows = 0;
            CsvReader.Row row;
            while ((row = reader.next()) != null) {
                rows++;
                String key = trim(row.get(imageCol));
                String label = trim(row.get(labelCol));
                String location = trim(row.get(locationCol));
                Long classId = writer.classId(label);
                boolean ok = validKey(errors, row.line(), imageCol + 1, key, seen);
                if (label.isEmpty()) {
                    errors.add(row.line(), labelCol + 1, "label", "empty label");
                    ok = false;
                } else if (classId == null) {
                    errors.add(row.line(), labelCol + 1, "label", "unknown class '" + label + "'");
                    ok = false;
                }
                ImageStore.StoredImage stored = null;
                String storedLocation = location.isEmpty() ? null : location;
                if (!location.isEmpty() && !isUrl(location)) {
                    if (pixels == null) {
                        errors.add(row.line(), locationCol + 1, "location", "location '" + location
                                + "' is a file path: upload a zip holding images.csv and the images, or give a URL");
                        ok = false;
                    } else {
                        ZipEntry entry = pixels.entry(location);
                        if (entry == null) {
                            errors.add(row.line(), locationCol + 1, "location",
                                    "no file '" + location + "' in the archive");
                            ok = false;
                        } else {
                            try (InputStream in = pixels.zip().getInputStream(entry)) {
                                stored = store.store(in);
                            } catch (ImageStore.NotAnImageException e) {
                                errors.add(row.line(), locationCol + 1, "location", "'" + location + "': " + e.getMessage());
                                ok = false;
                            }
                        }
                    }
                }
                if (ok && !errors.any()) writer.write(key, classId, storedLocation, stored);
                if (rows % BATCH == 0) progress.rows(rows);
            }
            errors.throwIfAny();
            writer.flush();
            return new ImportResult(rows, writer.created, writer.updated);
        }
    }

    private ImportResult importImageFolder(long datasetId, ZipFile zf, JobContext ctx) throws IOException, SQLException {
        UploadErrors errors = errors();
        List<? extends ZipEntry> entries = Collections.list(zf.entries()).stream()
                .filter(e -> !e.isDirectory() && !ignored(e.getName())).toList();
        if (entries.isEmpty()) {
            throw UploadException.single(null, null, null,
                    "the archive holds no images: expected <class key>/<file> entries or an images.csv");
        }
        try (Connection c = dataSource.getConnection(); ImageWriter writer = new ImageWriter(c, datasetId)) {
            Set<String> seen = new HashSet<>();
            long n = 0;
            for (ZipEntry e : entries) {
                n++;
                String name = e.getName();
                int slash = name.lastIndexOf('/');
                String dir = slash < 0 ? "" : name.substring(0, slash);
                String label = dir.substring(dir.lastIndexOf('/') + 1);
                if (label.isEmpty()) {
                    errors.add(n, null, name, "'" + name + "' is not inside a class folder (<class key>/<file>)");
                    continue;
                }
                Long classId = writer.classId(label);
                if (classId == null) {
                    errors.add(n, null, name, "unknown class '" + label + "' (folder of '" + name + "')");
                    continue;
                }
                if (!validKey(errors, n, null, name, seen)) continue;
                try (InputStream in = zf.getInputStream(e)) {
                    ImageStore.StoredImage stored = store.store(in);
                    if (!errors.any()) writer.write(name, classId, null, stored);
                } catch (ImageStore.NotAnImageException ex) {
                    errors.add(n, null, name, "'" + name + "': " + ex.getMessage());
                }
                if (n % 50 == 0) progress(ctx, n, entries.size(), n + " of " + entries.size() + " images");
            }
            errors.throwIfAny();
            writer.flush();
            return new ImportResult(n, writer.created, writer.updated);
        }
    }

    /** Batched upserts of images by key. */
    private static final class ImageWriter implements AutoCloseable {
        private final long datasetId;
        private final Map<String, Long> classIds = new HashMap<>();
        private final Map<String, Long> existing = new HashMap<>();
        private final PreparedStatement insert;
        private final PreparedStatement update;
        private int pending;
        long created;
        long updated;

        ImageWriter(Connection c, long datasetId) throws SQLException {
            this.datasetId = datasetId;
            try (PreparedStatement ps = c.prepareStatement("SELECT id, class_key FROM dataset_class WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) classIds.put(rs.getString(2), rs.getLong(1));
                }
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT id, image_key FROM image WHERE dataset_id = ?")) {
                ps.setLong(1, datasetId);
                ps.setFetchSize(1000);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) existing.put(rs.getString(2), rs.getLong(1));
                }
            }
            insert = c.prepareStatement("INSERT INTO image (dataset_id, image_key, original_class_id, location, "
                    + "content_hash, media_type, width, height, byte_size) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            update = c.prepareStatement("UPDATE image SET original_class_id = ?, location = COALESCE(?, location), "
                    + "content_hash = COALESCE(?, content_hash), media_type = COALESCE(?, media_type), "
                    + "width = COALESCE(?, width), height = COALESCE(?, height), byte_size = COALESCE(?, byte_size) WHERE id = ?");
        }

        Long classId(String key) {
            return classIds.get(key);
        }

        void write(String key, long classId, String location, ImageStore.StoredImage img) throws SQLException {
            Long id = existing.get(key);
            PreparedStatement ps;
            int i = 1;
            if (id == null) {
                ps = insert;
                ps.setLong(i++, datasetId);
                ps.setString(i++, key);
                created++;
            } else {
                ps = update;
                updated++;
            }
            ps.setLong(i++, classId);
            ps.setString(i++, location);
            ps.setString(i++, img == null ? null : img.hash());
            ps.setString(i++, img == null ? null : img.mediaType());
            setInt(ps, i++, img == null ? null : img.width());
            setInt(ps, i++, img == null ? null : img.height());
            if (img == null) ps.setNull(i++, Types.BIGINT); else ps.setLong(i++, img.size());
            if (id != null) ps.setLong(i, id);
            ps.addBatch();
            if (++pending >= BATCH) flush();
        }

        void flush() throws SQLException {
            insert.executeBatch();
            update.executeBatch();
            pending = 0;
        }

        @Override
        public void close() throws SQLException {
            insert.close();
            update.close();
        }
    }

    private static boolean validKey(UploadErrors errors, long line, Integer column, String key, Set<String> seen) {
        if (key.isEmpty()) {
            errors.add(line, column, "image", "empty image key");
            return false;
        }
        if (key.length() > 500) {
            errors.add(line, column, "image", "image key longer than 500 characters");
            return false;
        }
        if (!seen.add(key)) {
            errors.add(line, column, "image", "duplicate image key '" + key + "'");
            return false;
        }
        return true;
    }

    private static ZipEntry findImagesCsv(ZipFile zf) {
        ZipEntry root = zf.getEntry("images.csv");
        if (root != null) return root;
        List<ZipEntry> nested = new ArrayList<>();
        zf.stream().filter(e -> !ignored(e.getName()) && e.getName().endsWith("/images.csv")
                && e.getName().indexOf('/') == e.getName().lastIndexOf('/')).forEach(nested::add);
        return nested.size() == 1 ? nested.get(0) : null;
    }

    private static boolean ignored(String name) {
        String file = name.substring(name.lastIndexOf('/') + 1);
        return name.startsWith("__MACOSX/") || file.startsWith(".") || file.equalsIgnoreCase("Thumbs.db");
    }

    private static boolean isUrl(String s) {
        String l = s.toLowerCase(Locale.ROOT);
        return l.startsWith("http://") || l.startsWith("https://");
    }

    private static void setInt(PreparedStatement ps, int i, Integer v) throws SQLException {
        if (v == null) ps.setNull(i, Types.INTEGER); else ps.setInt(i, v);
    }



    private static String emptyToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }

    private static void progress(JobContext ctx, long done, long total, String message) {
        if (ctx != null) ctx.progress((double) done / total, message);
    }

    private UploadErrors errors() {
        return new UploadErrors(config.upload().maxReportedErrors());
    }


}
