package org.relabel.audit;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;
import org.relabel.audit.MetricsService.ProportionView;

/** Formatting for the audit pages ({@code fmt:} namespace in templates). */
@TemplateExtension(namespace = "fmt")
public final class AuditFormat {
    private AuditFormat() {
    }

    /** A proportion as a percentage with one decimal, e.g. "82.4%"; "n/a" when undefined. */
    static String pct(ProportionView p) {
        return p == null ? "n/a" : percent(p.value());
    }

    /** The 95% interval, e.g. "78.0–86.1%"; empty when undefined. */
    static String ci(ProportionView p) {
        return p == null ? "" : String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * p.lo(), 100 * p.hi());
    }

    /** "successes / n", or "0" when undefined. */
    static String counts(ProportionView p) {
        return p == null ? "n = 0" : p.successes() + " / " + p.n();
    }

    /** A share in [0, 1] as a percentage with one decimal. */
    static String percent(double v) {
        return Double.isNaN(v) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    /** A share or SF with two decimals. */
    static String dec(Double v) {
        return v == null || v.isNaN() ? "–" : String.format(Locale.ROOT, "%.2f", v);
    }

    /** A finding kind or review status for people: "LABEL_ERROR" to "label error". */
    static String words(Object e) {
        return e == null ? "" : e.toString().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    /** A time as "2025-01-31 14:05 UTC". */
    static String time(java.time.OffsetDateTime t) {
        return t == null ? "" : t.atZoneSameInstant(java.time.ZoneOffset.UTC)
                .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT));
    }

    /** Seconds from milliseconds, one decimal. */
    static String seconds(Integer millis) {
        return millis == null ? "–" : String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
