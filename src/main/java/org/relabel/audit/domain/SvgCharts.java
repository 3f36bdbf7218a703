package org.relabel.audit.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.StringJoiner;

/**
 * Server-side SVG charts of the audit: plain strings, no script, safe to inline in HTML.
 *
 * <p>Every chart has a fixed viewBox (720 x 480, scaled to its container), a {@code <title>} and a
 * {@code <desc>} (referenced by {@code aria-labelledby}) that spells out every plotted figure for
 * screen readers, a {@code <title>} tooltip on each point or bar, and visible text labels. All text
 * from the data (model, class and annotator names) is XML-escaped, so a name such as
 * {@code <script>alert(1)</script>} is shown as text. Series use the Okabe-Ito colour-blind-safe
 * palette (Okabe and Ito, "Color Universal Design", 2008) and, in scatter plots, differ by marker
 * shape as well as colour. Fonts: 12-18 px of the system UI font.
 *
 * <p>Intervals drawn as error bars are the 95% Wilson intervals of {@link Proportion}. Undefined
 * proportions (n = 0) are not drawn; the chart says so in text.
 */
public final class SvgCharts {

    /** ViewBox width. */
    public static final int WIDTH = 720;
    /** ViewBox height. */
    public static final int HEIGHT = 480;

    /** Okabe-Ito colours, ordered for contrast on white (yellow last). */
    static final List<String> PALETTE = List.of(
            "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#000000", "#F0E442");

    private static final String INK = "#222222";
    private static final String GRID = "#dddddd";
    private static final String AXIS = "#555555";
    private static final int MAX_NAME = 26;
    private static final int LEGEND_NAME = 18;

    private SvgCharts() {
    }

    /** The colour of series {@code i}. */
    static String colour(int i) {
        return PALETTE.get(Math.floorMod(i, PALETTE.size()));
    }

    // ---------------------------------------------------------------- accuracy scatter

    /**
     * Scatter of top-1 accuracy vs original labels (x) against accuracy vs the consensus {@code y}
     * (usually {@link AccuracyKind#ANY_VALID} or {@link AccuracyKind#MAIN_LABEL}), one labelled point
     * per model with error bars on both axes, and the diagonal y = x. Both axes share one range,
     * fitted to the data, so the diagonal is at 45 degrees.
     */
    public static String accuracyScatter(List<ModelMetrics> models, AccuracyKind y) {
        return accuracyScatter("Model accuracy: original labels vs people's labels", models,
                AccuracyKind.ORIGINAL_TOP1, y);
    }

    /** Like {@link #accuracyScatter(List, AccuracyKind)} with a title and both axes chosen. */
    public static String accuracyScatter(String title, List<ModelMetrics> models, AccuracyKind x, AccuracyKind y) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        List<Integer> shown = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        double lo = 1;
        double hi = 0;
        StringJoiner desc = new StringJoiner("; ",
                "One point per model. Horizontal axis: " + x.label() + "; vertical axis: " + y.label()
                        + ". Bars are 95% Wilson intervals; points above the dashed diagonal score higher on the"
                        + " vertical measure than on the horizontal one. ", ".");
        for (int i = 0; i < models.size(); i++) {
            ModelMetrics m = models.get(i);
            Proportion px = x.of(m.overall());
            Proportion py = y.of(m.overall());
            if (px.isDefined() && py.isDefined()) {
                shown.add(i);
                lo = Math.min(lo, Math.min(px.lo(), py.lo()));
                hi = Math.max(hi, Math.max(px.hi(), py.hi()));
                desc.add(m.model() + ": " + withInterval(px) + " vs " + withInterval(py));
            } else {
                missing.add(m.model());
                desc.add(m.model() + ": no data");
            }
        }
        double[] range = shown.isEmpty() ? new double[] {0, 1, 0.1} : niceUnitRange(lo, hi);
        double rLo = range[0];
        double rHi = range[1];
        double step = range[2];
        int left = 80;
        int top = 60;
        int size = 350;
        Scale sx = new Scale(rLo, rHi, left, left + size);
        Scale sy = new Scale(rLo, rHi, top + size, top);

        SvgWriter svg = new SvgWriter(WIDTH, HEIGHT, "scatter", title, desc.toString());
        svg.text(WIDTH / 2.0, 30, "middle", 18, "bold", INK, title);
        for (double t = rLo; t <= rHi + 1e-9; t += step) {
            svg.line(sx.map(t), top, sx.map(t), top + size, GRID, 1, null);
            svg.line(left, sy.map(t), left + size, sy.map(t), GRID, 1, null);
            svg.text(sx.map(t), top + size + 18, "middle", 12, null, INK, percentTick(t));
            svg.text(left - 8, sy.map(t) + 4, "end", 12, null, INK, percentTick(t));
        }
        svg.rect(left, top, size, size, "none", 1, AXIS, null);
        svg.line(sx.map(rLo), sy.map(rLo), sx.map(rHi), sy.map(rHi), AXIS, 1.5, "6 4");
        double dx = sx.map(rLo + 0.92 * (rHi - rLo));
        double dy = sy.map(rLo + 0.92 * (rHi - rLo));
        svg.rotatedText(dx, dy - 6, 12, "end", -45, AXIS, "y = x");
        svg.text(left + size / 2.0, top + size + 42, "middle", 14, null, INK, x.label());
        svg.rotatedText(left - 52, top + size / 2.0, 14, "middle", -90, INK, y.label());

        // points first, then their labels around them without overlaps
        LabelPlacer labels = new LabelPlacer(left + 2, top + 2, left + size + 36, top + size - 2, 12);
        for (int i : shown) {
            ModelMetrics m = models.get(i);
            Proportion px = x.of(m.overall());
            Proportion py = y.of(m.overall());
            double cx = sx.map(px.value());
            double cy = sy.map(py.value());
            labels.addPoint(cx, cy, 7);
            labels.addBox(sx.map(px.lo()), cy - 1, sx.map(px.hi()), cy + 1);
            labels.addBox(cx - 1, sy.map(py.lo()), cx + 1, sy.map(py.hi()));
        }
        for (int i : shown) {
            ModelMetrics m = models.get(i);
            Proportion px = x.of(m.overall());
            Proportion py = y.of(m.overall());
            double cx = sx.map(px.value());
            double cy = sy.map(py.value());
            String c = colour(i);
            svg.openGroup(m.model() + ": " + x.label() + " " + withInterval(px) + "; " + y.label() + " "
                    + withInterval(py));
            svg.line(sx.map(px.lo()), cy, sx.map(px.hi()), cy, c, 1.5, null);
            svg.line(cx, sy.map(py.lo()), cx, sy.map(py.hi()), c, 1.5, null);
            svg.marker(i, cx, cy, 5.5, c);
            svg.closeGroup();
        }
        List<Integer> topDown = new ArrayList<>(shown);
        topDown.sort(Comparator.comparingDouble((Integer i) -> sy.map(y.of(models.get(i).overall()).value()))
                .thenComparing(Comparator.naturalOrder()));
        for (int i : topDown) {
            ModelMetrics m = models.get(i);
            String name = shorten(m.model());
            LabelPlacer.Placement p = labels.place(sx.map(x.of(m.overall()).value()),
                    sy.map(y.of(m.overall()).value()), name);
            svg.text(p.x(), p.y(), p.anchor(), 12, null, INK, name);
        }

        // legend with the figures
        int lx = left + size + 40;
        int ly = top + 6;
        svg.text(lx, ly, "start", 13, "bold", INK, "Model: " + x.shortLabel() + " / " + y.shortLabel());
        int row = 0;
        int maxRows = (HEIGHT - ly - 40) / 20;
        for (int i : shown) {
            if (row == maxRows - 1 && shown.size() > maxRows) {
                svg.text(lx, ly + 22 + row * 20, "start", 12, null, INK,
                        "and " + (shown.size() - row) + " more (see description)");
                break;
            }
            ModelMetrics m = models.get(i);
            double ry = ly + 22 + row * 20;
            svg.marker(i, lx + 6, ry - 4, 5, colour(i));
            svg.text(lx + 18, ry, "start", 12, null, INK, shorten(m.model(), LEGEND_NAME) + ": "
                    + percent(x.of(m.overall()).value()) + " / " + percent(y.of(m.overall()).value()));
            row++;
        }
        if (!missing.isEmpty()) {
            svg.text(left, HEIGHT - 10, "start", 12, null, AXIS, "No data: " + shortenList(missing));
        }
        if (shown.isEmpty()) {
            svg.text(left + size / 2.0, top + size / 2.0, "middle", 14, null, AXIS, "No model has data yet");
        }
        return svg.finish();
    }

    // ---------------------------------------------------------------- grouped bars

    /**
     * Grouped bar chart of {@code kind} accuracy by number of objects (1, 2, 3+), one bar per model
     * in each group, with 95% interval error bars.
     */
    public static String accuracyByObjects(List<ModelMetrics> models, AccuracyKind kind) {
        return accuracyByObjects(kind.label() + " by number of objects", models, kind);
    }

    /** Like {@link #accuracyByObjects(List, AccuracyKind)} with a title. */
    public static String accuracyByObjects(String title, List<ModelMetrics> models, AccuracyKind kind) {
        Objects.requireNonNull(models, "models");
        Objects.requireNonNull(kind, "kind");
        StringJoiner desc = new StringJoiner("; ", "Grouped bars: " + kind.label()
                + " for images with 1, 2 and 3 or more objects, one bar per model, with 95% Wilson intervals. ", ".");
        for (ModelMetrics m : models) {
            StringJoiner per = new StringJoiner(", ", m.model() + ": ", "");
            for (ObjectsBucket b : ObjectsBucket.values()) {
                Proportion p = kind.of(m.inBucket(b));
                per.add(b.label() + " " + (p.isDefined() ? withInterval(p) : "no data"));
            }
            desc.add(per.toString());
        }
        int left = 70;
        int top = 60;
        int width = 430;
        int height = 330;
        Scale sy = new Scale(0, 1, top + height, top);
        SvgWriter svg = new SvgWriter(WIDTH, HEIGHT, "bars", title, desc.toString());
        svg.text(WIDTH / 2.0, 30, "middle", 18, "bold", INK, title);
        for (int t = 0; t <= 10; t += 2) {
            double v = t / 10.0;
            svg.line(left, sy.map(v), left + width, sy.map(v), GRID, 1, null);
            svg.text(left - 8, sy.map(v) + 4, "end", 12, null, INK, percentTick(v));
        }
        svg.line(left, top + height, left + width, top + height, AXIS, 1.5, null);
        svg.rotatedText(left - 48, top + height / 2.0, 14, "middle", -90, INK, kind.label());
        int groups = ObjectsBucket.values().length;
        double gw = (double) width / groups;
        int k = Math.max(1, models.size());
        double bw = Math.min(44, gw * 0.8 / k);
        for (int g = 0; g < groups; g++) {
            ObjectsBucket b = ObjectsBucket.values()[g];
            double g0 = left + g * gw + (gw - bw * k) / 2;
            long nMin = Long.MAX_VALUE;
            long nMax = 0;
            for (int i = 0; i < models.size(); i++) {
                ModelMetrics m = models.get(i);
                Proportion p = kind.of(m.inBucket(b));
                nMin = Math.min(nMin, p.n());
                nMax = Math.max(nMax, p.n());
                double bx = g0 + i * bw;
                if (!p.isDefined()) {
                    svg.text(bx + bw / 2, top + height - 4, "middle", 11, null, AXIS, "n/a");
                    continue;
                }
                String c = colour(i);
                svg.openGroup(m.model() + ", " + b.label() + ": " + withInterval(p));
                svg.rect(bx + 1, sy.map(p.value()), bw - 2, sy.map(0) - sy.map(p.value()), c, 1, null, null);
                double cx = bx + bw / 2;
                svg.line(cx, sy.map(p.lo()), cx, sy.map(p.hi()), INK, 1.2, null);
                svg.line(cx - 3, sy.map(p.lo()), cx + 3, sy.map(p.lo()), INK, 1.2, null);
                svg.line(cx - 3, sy.map(p.hi()), cx + 3, sy.map(p.hi()), INK, 1.2, null);
                svg.closeGroup();
                if (bw >= 30) {
                    svg.text(cx, sy.map(p.hi()) - 5, "middle", 11, null, INK, percent(p.value()));
                }
            }
            double gc = left + g * gw + gw / 2;
            svg.text(gc, top + height + 20, "middle", 13, null, INK, b.label());
            String n = models.isEmpty() ? "n = 0" : nMin == nMax ? "n = " + nMin : "n = " + nMin + "-" + nMax;
            svg.text(gc, top + height + 37, "middle", 12, null, AXIS, n);
        }
        legend(svg, models.stream().map(ModelMetrics::model).toList(), left + width + 30, top + 6);
        if (models.isEmpty()) {
            svg.text(left + width / 2.0, top + height / 2.0, "middle", 14, null, AXIS, "No model has data yet");
        }
        return svg.finish();
    }

    // ---------------------------------------------------------------- SF histogram

    /**
     * Two overlaid histograms of selection frequency: of the original labels, and of model
     * predictions (e.g. one model's top-1 labels, named {@code predictionsName}). Bars show the
     * share of each series, so series of different sizes compare; the first series is blue with a
     * solid outline, the second orange with a dashed outline.
     */
    public static String sfHistogram(Histogram originalLabels, Histogram predictions, String predictionsName) {
        return sfHistogram("Selection frequency: original labels vs " + predictionsName, originalLabels,
                "Original labels", predictions, predictionsName);
    }

    /** Like {@link #sfHistogram(Histogram, Histogram, String)} with a title and both series named. */
    public static String sfHistogram(String title, Histogram first, String firstName, Histogram second,
            String secondName) {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.bins() != second.bins()) {
            throw new IllegalArgumentException("series have different bins: " + first.bins() + " and " + second.bins());
        }
        StringJoiner desc = new StringJoiner("; ", "Histogram of selection frequency (share of annotators who"
                + " marked the label present), as a share of each series. ", ".");
        desc.add(seriesDesc(firstName, first));
        desc.add(seriesDesc(secondName, second));
        double max = 0;
        for (int i = 0; i < first.bins(); i++) {
            max = Math.max(max, Math.max(first.share(i), second.share(i)));
        }
        double yStep = max <= 0.25 ? 0.05 : max <= 0.5 ? 0.1 : 0.2;
        double yMax = max == 0 ? 1 : Math.min(1, Math.ceil(max / yStep - 1e-9) * yStep);
        int left = 70;
        int top = 60;
        int width = 430;
        int height = 330;
        Scale sx = new Scale(0, 1, left, left + width);
        Scale sy = new Scale(0, yMax, top + height, top);
        SvgWriter svg = new SvgWriter(WIDTH, HEIGHT, "histogram", title, desc.toString());
        svg.text(WIDTH / 2.0, 30, "middle", 18, "bold", INK, title);
        for (double t = 0; t <= yMax + 1e-9; t += yStep) {
            svg.line(left, sy.map(t), left + width, sy.map(t), GRID, 1, null);
            svg.text(left - 8, sy.map(t) + 4, "end", 12, null, INK, percentTick(t));
        }
        int bins = first.bins();
        for (int i = 0; i <= bins; i++) {
            double v = (double) i / bins;
            svg.text(sx.map(v), top + height + 18, "middle", 12, null, INK,
                    String.format(Locale.ROOT, bins <= 10 ? "%.1f" : "%.2f", v));
        }
        Histogram[] series = {first, second};
        String[] names = {firstName, secondName};
        String[] dashes = {null, "5 3"};
        for (int s = 0; s < 2; s++) {
            Histogram h = series[s];
            for (int i = 0; i < bins; i++) {
                if (h.counts().get(i) == 0) {
                    continue;
                }
                double x0 = sx.map(h.binLower(i));
                double x1 = sx.map(h.binUpper(i));
                double y0 = sy.map(h.share(i));
                svg.openGroup(names[s] + ", SF " + String.format(Locale.ROOT, "%.1f-%.1f", h.binLower(i), h.binUpper(i))
                        + ": " + h.counts().get(i) + " of " + h.total() + " (" + percent(h.share(i)) + ")");
                svg.rect(x0 + 1, y0, x1 - x0 - 2, sy.map(0) - y0, colour(s), 0.55, colour(s), dashes[s]);
                svg.closeGroup();
            }
        }
        svg.line(left, top + height, left + width, top + height, AXIS, 1.5, null);
        svg.text(left + width / 2.0, top + height + 42, "middle", 14, null, INK, "Selection frequency");
        svg.rotatedText(left - 48, top + height / 2.0, 14, "middle", -90, INK, "Share of labels");
        int lx = left + width + 30;
        for (int s = 0; s < 2; s++) {
            double ry = top + 10 + s * 44;
            svg.rect(lx, ry - 10, 14, 14, colour(s), 0.55, colour(s), dashes[s]);
            svg.text(lx + 22, ry + 2, "start", 13, null, INK, shorten(names[s]));
            Histogram h = series[s];
            svg.text(lx + 22, ry + 19, "start", 12, null, AXIS, "n = " + h.total()
                    + (h.total() > 0 ? ", mean SF " + String.format(Locale.ROOT, "%.2f", h.mean()) : ""));
        }
        if (first.total() == 0 && second.total() == 0) {
            svg.text(left + width / 2.0, top + height / 2.0, "middle", 14, null, AXIS, "No selection frequencies yet");
        }
        return svg.finish();
    }

    // ---------------------------------------------------------------- annotator quality

    /**
     * Annotator quality: median seconds per judgment (x) against agreement with the consensus (y),
     * one point per annotator; annotators flagged as spammers are vermillion triangles with their
     * name, the others blue circles.
     */
    public static String annotatorQuality(List<AnnotatorPoint> annotators) {
        return annotatorQuality("Annotator quality: speed vs agreement with consensus", annotators);
    }

    /** Like {@link #annotatorQuality(List)} with a title. */
    public static String annotatorQuality(String title, List<AnnotatorPoint> annotators) {
        Objects.requireNonNull(annotators, "annotators");
        long spammers = annotators.stream().filter(AnnotatorPoint::spammer).count();
        StringJoiner desc = new StringJoiner("; ", "One point per annotator: median seconds per judgment"
                + " (horizontal) against agreement with the consensus (vertical). " + annotators.size()
                + " annotators, " + spammers + " flagged as spammers. ", ".");
        double maxSec = 0;
        for (AnnotatorPoint a : annotators) {
            maxSec = Math.max(maxSec, a.medianSeconds());
            desc.add(a.annotator() + ": " + seconds(a.medianSeconds()) + ", agreement " + percent(a.agreement())
                    + ", " + a.judgments() + " judgments" + (a.spammer() ? ", flagged as spammer" : ""));
        }
        double xStep = niceStep(maxSec <= 0 ? 10 : maxSec * 1.05, 6);
        double xMax = Math.max(xStep, Math.ceil(maxSec * 1.05 / xStep - 1e-9) * xStep);
        int left = 70;
        int top = 60;
        int width = 410;
        int height = 330;
        Scale sx = new Scale(0, xMax, left, left + width);
        Scale sy = new Scale(0, 1, top + height, top);
        SvgWriter svg = new SvgWriter(WIDTH, HEIGHT, "annotators", title, desc.toString());
        svg.text(WIDTH / 2.0, 30, "middle", 18, "bold", INK, title);
        for (int t = 0; t <= 10; t += 2) {
            double v = t / 10.0;
            svg.line(left, sy.map(v), left + width, sy.map(v), GRID, 1, null);
            svg.text(left - 8, sy.map(v) + 4, "end", 12, null, INK, percentTick(v));
        }
        for (double t = 0; t <= xMax + 1e-9; t += xStep) {
            svg.line(sx.map(t), top, sx.map(t), top + height, GRID, 1, null);
            svg.text(sx.map(t), top + height + 18, "middle", 12, null, INK, trimNumber(t));
        }
        svg.rect(left, top, width, height, "none", 1, AXIS, null);
        svg.text(left + width / 2.0, top + height + 42, "middle", 14, null, INK, "Median seconds per judgment");
        svg.rotatedText(left - 48, top + height / 2.0, 14, "middle", -90, INK, "Agreement with consensus");
        String normal = colour(0);
        String flagged = colour(3);
        // regular annotators first, spammers drawn on top and labelled
        LabelPlacer labels = new LabelPlacer(left + 2, top + 2, left + width - 2, top + height - 2, 12);
        for (AnnotatorPoint a : annotators) {
            labels.addPoint(sx.map(a.medianSeconds()), sy.map(a.agreement()), a.spammer() ? 7 : 5);
        }
        for (boolean spam : new boolean[] {false, true}) {
            for (AnnotatorPoint a : annotators) {
                if (a.spammer() != spam) {
                    continue;
                }
                svg.openGroup(a.annotator() + ": " + seconds(a.medianSeconds()) + ", agreement "
                        + percent(a.agreement()) + ", " + a.judgments() + " judgments"
                        + (spam ? ", flagged as spammer" : ""));
                svg.marker(spam ? 2 : 0, sx.map(a.medianSeconds()), sy.map(a.agreement()), spam ? 6.5 : 4.5,
                        spam ? flagged : normal);
                svg.closeGroup();
            }
        }
        for (AnnotatorPoint a : annotators) {
            if (a.spammer()) {
                String name = shorten(a.annotator());
                LabelPlacer.Placement p = labels.place(sx.map(a.medianSeconds()), sy.map(a.agreement()), name);
                svg.text(p.x(), p.y(), p.anchor(), 12, "bold", flagged, name);
            }
        }
        int lx = left + width + 30;
        svg.marker(0, lx + 6, top + 6, 4.5, normal);
        svg.text(lx + 18, top + 10, "start", 13, null, INK, "Annotator (" + (annotators.size() - spammers) + ")");
        svg.marker(2, lx + 6, top + 30, 6.5, flagged);
        svg.text(lx + 18, top + 34, "start", 13, null, INK, "Flagged as spammer (" + spammers + ")");
        if (annotators.isEmpty()) {
            svg.text(left + width / 2.0, top + height / 2.0, "middle", 14, null, AXIS, "No annotators yet");
        }
        return svg.finish();
    }

    // ---------------------------------------------------------------- helpers

    /** A legend of colour swatches, one row per series, cut to the rows that fit. */
    private static void legend(SvgWriter svg, List<String> names, int x, int y) {
        int maxRows = (HEIGHT - y - 30) / 20;
        for (int i = 0; i < names.size(); i++) {
            double ry = y + i * 20;
            if (i == maxRows - 1 && names.size() > maxRows) {
                svg.text(x, ry + 4, "start", 12, null, INK, "and " + (names.size() - i) + " more");
                return;
            }
            svg.rect(x, ry - 6, 12, 12, colour(i), 1, null, null);
            svg.text(x + 18, ry + 4, "start", 12, null, INK, shorten(names.get(i)));
        }
    }

    /** A range [lo, hi] containing [min, max] within [0, 1], on a grid of step 0.05 or 0.1: {lo, hi, step}. */
    static double[] niceUnitRange(double min, double max) {
        int span = (int) Math.ceil((max - min) * 100);
        int step = span <= 30 ? 5 : 10;
        int lo = (int) Math.floor(min * 100 / step + 1e-9) * step;
        int hi = (int) Math.ceil(max * 100 / step - 1e-9) * step;
        lo = Math.max(0, lo);
        hi = Math.min(100, hi);
        while (hi - lo < 2 * step) {
            if (hi < 100) {
                hi += step;
            } else {
                lo -= step;
            }
        }
        return new double[] {lo / 100.0, hi / 100.0, step / 100.0};
    }

    /** A step of 1, 2 or 5 times a power of ten giving at most {@code maxTicks} intervals up to {@code max}. */
    static double niceStep(double max, int maxTicks) {
        double raw = max / maxTicks;
        double mag = Math.pow(10, Math.floor(Math.log10(raw)));
        for (double f : new double[] {1, 2, 5, 10}) {
            if (f * mag >= raw - 1e-12) {
                return f * mag;
            }
        }
        return 10 * mag;
    }

    private static String seriesDesc(String name, Histogram h) {
        StringJoiner j = new StringJoiner(", ", name + " (n = " + h.total()
                + (h.total() > 0 ? ", mean SF " + String.format(Locale.ROOT, "%.2f", h.mean()) : "") + "): ", "");
        for (int i = 0; i < h.bins(); i++) {
            j.add(String.format(Locale.ROOT, "%.1f-%.1f", h.binLower(i), h.binUpper(i)) + " " + percent(h.share(i)));
        }
        return j.toString();
    }

    static String withInterval(Proportion p) {
        return percent(p.value()) + " [" + percent(p.lo()) + ", " + percent(p.hi()) + "] (n = " + p.n() + ")";
    }

    static String percent(double v) {
        return String.format(Locale.ROOT, "%.1f%%", v * 100);
    }

    private static String percentTick(double v) {
        return String.format(Locale.ROOT, "%.0f%%", v * 100);
    }

    private static String seconds(double s) {
        return String.format(Locale.ROOT, "%.1f s per judgment", s);
    }

    private static String trimNumber(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        return s.replaceAll("0+$", "").replaceAll("\\.$", "");
    }

    /** Long names are cut to fit labels and legends; tooltips and the description keep them whole. */
    static String shorten(String name) {
        return shorten(name, MAX_NAME);
    }

    static String shorten(String name, int max) {
        if (name.codePointCount(0, name.length()) <= max) {
            return name;
        }
        return name.substring(0, name.offsetByCodePoints(0, max - 1)) + "\u2026";
    }

    private static String shortenList(List<String> names) {
        StringJoiner j = new StringJoiner(", ");
        for (int i = 0; i < names.size(); i++) {
            if (i == 4) {
                j.add("and " + (names.size() - 4) + " more");
                break;
            }
            j.add(shorten(names.get(i)));
        }
        return j.toString();
    }

    /** A linear map from a data range onto a pixel range. */
    private record Scale(double d0, double d1, double p0, double p1) {
        double map(double v) {
            return p0 + (v - d0) / (d1 - d0) * (p1 - p0);
        }
    }
}
