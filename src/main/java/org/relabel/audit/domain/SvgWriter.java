package org.relabel.audit.domain;

import java.util.Locale;

/**
 * A minimal writer of well-formed, accessible SVG documents. Every piece of text and every
 * attribute value goes through {@link #escape(String)}.
 */
final class SvgWriter {

    static final String FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";

    private final StringBuilder sb = new StringBuilder(8192);

    /** Opens an {@code <svg>} of the given viewBox with a {@code <title>} and {@code <desc>} referenced by ARIA. */
    SvgWriter(int width, int height, String kind, String title, String desc) {
        String id = "relabel-" + kind + "-" + Integer.toHexString((title + '\u0000' + desc).hashCode());
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(width).append(' ')
                .append(height).append("\" width=\"100%\" role=\"img\" aria-labelledby=\"")
                .append(id).append("-title ").append(id).append("-desc\" font-family=\"").append(escape(FONT))
                .append("\" font-size=\"13\" style=\"max-width:").append(width).append("px;height:auto\">\n");
        sb.append("<title id=\"").append(id).append("-title\">").append(escape(title)).append("</title>\n");
        sb.append("<desc id=\"").append(id).append("-desc\">").append(escape(desc)).append("</desc>\n");
        sb.append("<rect x=\"0\" y=\"0\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" fill=\"#ffffff\"/>\n");
    }

    SvgWriter raw(String s) {
        sb.append(s);
        return this;
    }

    SvgWriter text(double x, double y, String anchor, int size, String weight, String fill, String content) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"").append(size).append('"');
        if (weight != null) {
            sb.append(" font-weight=\"").append(weight).append('"');
        }
        sb.append(" fill=\"").append(fill).append("\">").append(escape(content)).append("</text>\n");
        return this;
    }

    SvgWriter rotatedText(double x, double y, int size, String anchor, int degrees, String fill, String content) {
        sb.append("<text x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" text-anchor=\"")
                .append(anchor).append("\" font-size=\"").append(size).append("\" fill=\"").append(fill)
                .append("\" transform=\"rotate(").append(degrees).append(' ').append(num(x)).append(' ')
                .append(num(y)).append(")\">").append(escape(content)).append("</text>\n");
        return this;
    }

    SvgWriter line(double x1, double y1, double x2, double y2, String stroke, double width, String dash) {
        sb.append("<line x1=\"").append(num(x1)).append("\" y1=\"").append(num(y1)).append("\" x2=\"")
                .append(num(x2)).append("\" y2=\"").append(num(y2)).append("\" stroke=\"").append(stroke)
                .append("\" stroke-width=\"").append(num(width)).append('"');
        if (dash != null) {
            sb.append(" stroke-dasharray=\"").append(dash).append('"');
        }
        sb.append("/>\n");
        return this;
    }

    SvgWriter rect(double x, double y, double w, double h, String fill, double opacity, String stroke, String dash) {
        sb.append("<rect x=\"").append(num(x)).append("\" y=\"").append(num(y)).append("\" width=\"")
                .append(num(Math.max(0, w))).append("\" height=\"").append(num(Math.max(0, h))).append("\" fill=\"")
                .append(fill).append('"');
        if (opacity < 1) {
            sb.append(" fill-opacity=\"").append(num(opacity)).append('"');
        }
        if (stroke != null) {
            sb.append(" stroke=\"").append(stroke).append("\" stroke-width=\"1.5\"");
            if (dash != null) {
                sb.append(" stroke-dasharray=\"").append(dash).append('"');
            }
        }
        sb.append("/>\n");
        return this;
    }

    /** A marker of one of four shapes (circle, square, triangle, diamond) centred on (x, y). */
    SvgWriter marker(int shape, double x, double y, double r, String fill) {
        switch (Math.floorMod(shape, 4)) {
            case 0 -> sb.append("<circle cx=\"").append(num(x)).append("\" cy=\"").append(num(y)).append("\" r=\"")
                    .append(num(r)).append('"');
            case 1 -> sb.append("<rect x=\"").append(num(x - r)).append("\" y=\"").append(num(y - r))
                    .append("\" width=\"").append(num(2 * r)).append("\" height=\"").append(num(2 * r)).append('"');
            case 2 -> sb.append("<path d=\"M").append(num(x)).append(' ').append(num(y - r * 1.2)).append(" L")
                    .append(num(x + r * 1.1)).append(' ').append(num(y + r * 0.8)).append(" L")
                    .append(num(x - r * 1.1)).append(' ').append(num(y + r * 0.8)).append(" Z\"");
            default -> sb.append("<path d=\"M").append(num(x)).append(' ').append(num(y - r * 1.3)).append(" L")
                    .append(num(x + r * 1.3)).append(' ').append(num(y)).append(" L").append(num(x)).append(' ')
                    .append(num(y + r * 1.3)).append(" L").append(num(x - r * 1.3)).append(' ').append(num(y))
                    .append(" Z\"");
        }
        sb.append(" fill=\"").append(fill).append("\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n");
        return this;
    }

    /** Opens a group with a tooltip ({@code <title>}), for one data point or bar. */
    SvgWriter openGroup(String tooltip) {
        sb.append("<g><title>").append(escape(tooltip)).append("</title>\n");
        return this;
    }

    SvgWriter closeGroup() {
        sb.append("</g>\n");
        return this;
    }

    String finish() {
        return sb.append("</svg>\n").toString();
    }

    /**
     * Escapes text for XML character data and attribute values ({@code & < > " '}); characters that
     * XML 1.0 forbids (most control characters, lone surrogates) become U+FFFD.
     */
    static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                        out.append(c).append(s.charAt(++i));
                    } else if (c == '\t' || c == '\n' || c == '\r'
                            || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)) {
                        out.append(c);
                    } else {
                        out.append('\uFFFD');
                    }
                }
            }
        }
        return out.toString();
    }

    /** A coordinate with at most two decimals, in the root locale. */
    static String num(double v) {
        if (!Double.isFinite(v)) {
            throw new IllegalArgumentException("non-finite coordinate " + v);
        }
        String s = String.format(Locale.ROOT, "%.2f", v);
        if (s.indexOf('.') >= 0) {
            s = s.replaceAll("0+$", "").replaceAll("\\.$", "");
        }
        return s.equals("-0") ? "0" : s;
    }
}
