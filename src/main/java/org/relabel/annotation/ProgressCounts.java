package org.relabel.annotation;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@code annotator_progress} counters: campaign judgments per annotator and quarter hour. Writers add up their
 * changes here and {@link #apply} them in the transaction that stores (or undoes) the judgments; {@link #read} gives an
 * annotator's progress from them without visiting the judgments.
 */
final class ProgressCounts {
    static final int QUARTER_SECONDS = 900;

    /** One counter row; ordered so that concurrent writers lock rows in the same order. */
    private record Row(long campaignId, String annotator, long quarterHour) implements Comparable<Row> {
        @Override
        public int compareTo(Row o) {
            int c = Long.compare(campaignId, o.campaignId);
            if (c == 0) c = annotator.compareTo(o.annotator);
            return c != 0 ? c : Long.compare(quarterHour, o.quarterHour);
        }
    }

    private final Map<Row, int[]> byRow = new TreeMap<>();

    /** The quarter hour that a moment falls in (epoch seconds / 900, rounded down), as the column holds it. */
    static long quarterHour(OffsetDateTime at) {
        return Math.floorDiv(at.toEpochSecond(), QUARTER_SECONDS);
    }

    /** Counts a judgment stored ({@code +1}) or undone ({@code -1}) at {@code createdAt}. */
    void add(long campaignId, String annotator, OffsetDateTime createdAt, int delta) {
        byRow.computeIfAbsent(new Row(campaignId, annotator, quarterHour(createdAt)), k -> new int[1])[0] += delta;
    }

    /** Changes one counter now: a submission stored on its own ({@code +1}) or an undo ({@code -1}). */
    static void change(Connection c, long campaignId, String annotator, OffsetDateTime createdAt, int delta) throws SQLException {
        ProgressCounts one = new ProgressCounts();
        one.add(campaignId, annotator, createdAt, delta);
        one.apply(c);
    }

    /** Adds the changes to the rows, creating missing ones: one statement on PostgreSQL, a batch on H2. */
    void apply(Connection c) throws SQLException {
        Sql.Script script = new Sql.Script(c);
        apply(script);
        script.run();
    }

    /** {@link #apply(Connection)} as part of a script (sent with the batch's other counters). */
    void apply(Sql.Script script) throws SQLException {
        List<Object[]> rows = new ArrayList<>(byRow.size());
        byRow.forEach((row, d) -> {
            if (d[0] != 0) rows.add(new Object[]{row.campaignId(), row.annotator(), row.quarterHour(), d[0]});
        });
        script.updateAll("INSERT INTO annotator_progress (campaign_id, annotator, quarter_hour, judgments) SELECT * FROM %s AS v "
                        + "ON CONFLICT (campaign_id, annotator, quarter_hour) "
                        + "DO UPDATE SET judgments = annotator_progress.judgments + EXCLUDED.judgments",
                "MERGE INTO annotator_progress p USING (VALUES (CAST(? AS BIGINT), CAST(? AS VARCHAR(200)), CAST(? AS BIGINT), "
                        + "CAST(? AS INTEGER))) AS v (campaign_id, annotator, quarter_hour, n) ON p.campaign_id = v.campaign_id "
                        + "AND p.annotator = v.annotator AND p.quarter_hour = v.quarter_hour "
                        + "WHEN MATCHED THEN UPDATE SET judgments = p.judgments + v.n "
                        + "WHEN NOT MATCHED THEN INSERT (campaign_id, annotator, quarter_hour, judgments) "
                        + "VALUES (v.campaign_id, v.annotator, v.quarter_hour, v.n)", rows);
    }

    /**
     * {judgments in the campaign, of them at or after {@code since}} for one annotator. The quarter hours from
     * {@code since} on are added up; when {@code since} falls inside a quarter hour, that quarter's judgments from
     * {@code since} on are counted from the judgments themselves (at most a quarter hour's worth).
     */
    static long[] read(Connection c, long campaignId, String annotator, OffsetDateTime since) throws SQLException {
        long first = quarterHour(since);
        boolean partial = since.toEpochSecond() % QUARTER_SECONDS != 0 || since.getNano() != 0;
        long wholeFrom = partial ? first + 1 : first;
        long[] sums = Sql.one(c, "SELECT COALESCE(SUM(judgments), 0), COALESCE(SUM(CASE WHEN quarter_hour >= ? THEN judgments "
                        + "END), 0) FROM annotator_progress WHERE campaign_id = ? AND annotator = ?",
                rs -> new long[]{rs.getLong(1), rs.getLong(2)}, wholeFrom, campaignId, annotator);
        if (partial) {
            OffsetDateTime end = OffsetDateTime.ofInstant(Instant.ofEpochSecond(wholeFrom * QUARTER_SECONDS),
                    since.getOffset());
            sums[1] += Sql.count(c, "SELECT COUNT(*) FROM judgment WHERE campaign_id = ? AND annotator = ? "
                    + "AND created_at >= ? AND created_at < ?", campaignId, annotator, since, end);
        }
        return sums;
    }
}
