package org.relabel.export;

import io.quarkus.qute.TemplateExtension;
import java.util.Collection;
import java.util.Locale;

/** Formatting for the release pages ({@code rel:} namespace in templates). */
@TemplateExtension(namespace = "rel")
public final class ReleaseFormat {
    private ReleaseFormat() {
    }

    /** A file size: "812 B", "4.2 KB", "17.9 MB" (powers of 1000). */
    static String size(long bytes) {
        if (bytes < 1000) return bytes + " B";
        String[] units = {"KB", "MB", "GB", "TB"};
        double v = bytes;
        int u = -1;
        while (v >= 1000 && u < units.length - 1) {
            v /= 1000;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    /** Labels space-separated, or a dash for none. */
    static String labels(Collection<String> labels) {
        return labels == null || labels.isEmpty() ? "–" : String.join(" ", labels);
    }

    /** A query-string value, URL-encoded. */
    static String url(String value) {
        return value == null ? "" : java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
    }

    /** The first 12 characters of a checksum. */
    static String shortSha(String sha) {
        return sha == null ? "" : sha.substring(0, Math.min(12, sha.length()));
    }
}
