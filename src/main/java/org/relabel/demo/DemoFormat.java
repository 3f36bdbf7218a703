package org.relabel.demo;

import io.quarkus.qute.TemplateExtension;
import java.util.Locale;
import org.relabel.demo.domain.TruthReport.Estimate;

/** Formatting for the demo pages ({@code truth:} namespace in templates). */
@TemplateExtension(namespace = "truth")
public final class DemoFormat {
    private DemoFormat() {
    }

    /** An estimate as a percentage with one decimal, e.g. "82.4%"; "n/a" when undefined. */
    static String pct(Estimate e) {
        return e == null || !e.defined() ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * e.value());
    }

    /** The 95% interval, e.g. "78.0–86.1%"; empty when undefined. */
    static String ci(Estimate e) {
        return e == null || !e.defined() ? "" : String.format(Locale.ROOT, "%.1f–%.1f%%", 100 * e.lo(), 100 * e.hi());
    }

    /** "successes / n". */
    static String counts(Estimate e) {
        return e == null ? "n = 0" : e.successes() + " / " + e.n();
    }

    /** A difference of shares in percentage points with a sign, e.g. "+12.3 pp"; "n/a" for null. */
    static String points(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%+.1f pp", 100 * d);
    }

    /** Seconds with one decimal. */
    static String seconds(Object s) {
        return s instanceof Number n ? String.format(Locale.ROOT, "%.1f s", n.doubleValue()) : "";
    }
}
