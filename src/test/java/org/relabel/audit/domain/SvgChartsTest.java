package org.relabel.audit.domain;

import static org.relabel.audit.domain.AuditFixtures.dataset;
import static org.relabel.audit.domain.AuditFixtures.model;
import static org.relabel.audit.domain.AuditFixtures.modelM;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

class SvgChartsTest {

    private static final String SVG_NS = "http://www.w3.org/2000/svg";
    private static final String EVIL = "<script>alert(1)</script> & \"quotes\" 'too'";

    /** Parses with a namespace-aware, DOCTYPE-refusing parser: throws unless the SVG is well-formed XML. */
    static Document parse(String svg) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        DocumentBuilder b = f.newDocumentBuilder();
        b.setErrorHandler(null);
        return b.parse(new InputSource(new StringReader(svg)));
    }

    private static List<Element> elements(Document d, String tag) {
        NodeList nodes = d.getElementsByTagNameNS(SVG_NS, tag);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            out.add((Element) nodes.item(i));
        }
        return out;
    }

    private static List<String> texts(Document d) {
        return elements(d, "text").stream().map(Node::getTextContent).toList();
    }

    /** Root is an accessible svg with a fixed viewBox whose aria-labelledby names its title and desc. */
    private static Document assertAccessibleSvg(String svg) throws Exception {
        Document d = parse(svg);
        Element root = d.getDocumentElement();
        assertEquals("svg", root.getLocalName());
        assertEquals(SVG_NS, root.getNamespaceURI());
        assertEquals("0 0 720 480", root.getAttribute("viewBox"));
        assertEquals("img", root.getAttribute("role"));
        String[] ids = root.getAttribute("aria-labelledby").split(" ");
        assertEquals(2, ids.length);
        Element title = (Element) root.getElementsByTagNameNS(SVG_NS, "title").item(0);
        Element desc = (Element) root.getElementsByTagNameNS(SVG_NS, "desc").item(0);
        assertEquals(root, title.getParentNode());
        assertEquals(ids[0], title.getAttribute("id"));
        assertEquals(ids[1], desc.getAttribute("id"));
        assertFalse(title.getTextContent().isBlank());
        assertFalse(desc.getTextContent().isBlank());
        assertTrue(elements(d, "script").isEmpty(), "no script element");
        assertFalse(svg.contains("<script"), "no raw markup from data");
        return d;
    }

    private static ModelMetrics metrics(String name, long s1, long n1, long sValid, long nValid) {
        Proportion e = Proportion.empty();
        Accuracy overall = new Accuracy(Proportion.wilson(s1, n1), e, e, Proportion.wilson(sValid, nValid));
        Map<ObjectsBucket, Accuracy> buckets = new EnumMap<>(ObjectsBucket.class);
        buckets.put(ObjectsBucket.ONE, overall);
        buckets.put(ObjectsBucket.TWO, new Accuracy(Proportion.wilson(s1 / 2, n1 / 2), e, e, e));
        buckets.put(ObjectsBucket.THREE_OR_MORE, Accuracy.empty());
        return new ModelMetrics(name, n1, 0, overall, buckets, Map.of(), e);
    }

    @Test
    void scatterIsWellFormedWithOneLabelledPointPerModelAndTheDiagonal() throws Exception {
        List<ModelMetrics> models = new MetricsCalculator().metrics(dataset(),
                List.of(modelM(), model("N", "i1: a", "i2: a", "i5: c", "i8: d")));
        Document d = assertAccessibleSvg(SvgCharts.accuracyScatter(models, AccuracyKind.ANY_VALID));
        List<String> texts = texts(d);
        assertTrue(texts.contains("M") && texts.contains("N"), texts.toString());
        assertTrue(texts.contains(AccuracyKind.ANY_VALID.label()) && texts.contains(AccuracyKind.ORIGINAL_TOP1.label()));
        long dashed = elements(d, "line").stream().filter(l -> l.hasAttribute("stroke-dasharray")).count();
        assertEquals(1, dashed, "the diagonal");
        // each point is a group with a tooltip, two error bars and a marker
        List<Element> points = elements(d, "g");
        assertEquals(2, points.size());
        String desc = d.getElementsByTagNameNS(SVG_NS, "desc").item(0).getTextContent();
        assertTrue(desc.contains("M: 33.3% [9.7%, 70.0%] (n = 6) vs 75.0% [30.1%, 95.4%] (n = 4)"), desc);
    }

    @Test
    void scatterErrorBarsSpanTheIntervalAroundThePoint() throws Exception {
        Document d = parse(SvgCharts.accuracyScatter(List.of(metrics("A", 80, 100, 90, 100)), AccuracyKind.ANY_VALID));
        Element g = elements(d, "g").get(0);
        NodeList lines = g.getElementsByTagNameNS(SVG_NS, "line");
        Element horizontal = (Element) lines.item(0);
        Element vertical = (Element) lines.item(1);
        double x1 = Double.parseDouble(horizontal.getAttribute("x1"));
        double x2 = Double.parseDouble(horizontal.getAttribute("x2"));
        double cx = Double.parseDouble(vertical.getAttribute("x1"));
        double y1 = Double.parseDouble(vertical.getAttribute("y1"));
        double y2 = Double.parseDouble(vertical.getAttribute("y2"));
        double cy = Double.parseDouble(horizontal.getAttribute("y1"));
        assertTrue(x1 < cx && cx < x2, x1 + " < " + cx + " < " + x2);
        assertTrue(y2 < cy && cy < y1, "SVG y grows downwards: " + y2 + " < " + cy + " < " + y1);
        // the Wilson interval of 80/100 is asymmetric: longer towards 0.5
        assertTrue(cx - x1 > x2 - cx);
    }

    @Test
    void scatterSaysWhichModelsHaveNoData() throws Exception {
        Document d = assertAccessibleSvg(SvgCharts.accuracyScatter(
                List.of(metrics("A", 8, 10, 9, 10), metrics("Empty", 0, 0, 0, 0)), AccuracyKind.ANY_VALID));
        assertEquals(1, elements(d, "g").size());
        assertTrue(texts(d).contains("No data: Empty"), texts(d).toString());
        Document none = assertAccessibleSvg(SvgCharts.accuracyScatter(List.of(), AccuracyKind.MAIN_LABEL));
        assertTrue(texts(none).contains("No model has data yet"));
    }

    @Test
    void namesAreEscapedAndShownAsText() throws Exception {
        List<ModelMetrics> models = List.of(metrics(EVIL, 8, 10, 9, 10));
        List<String> charts = List.of(
                SvgCharts.accuracyScatter(EVIL, models, AccuracyKind.ORIGINAL_TOP1, AccuracyKind.ANY_VALID),
                SvgCharts.accuracyByObjects(EVIL, models, AccuracyKind.ORIGINAL_TOP1),
                SvgCharts.sfHistogram(EVIL, Histogram.of(new double[] {0.5}, 10), EVIL,
                        Histogram.of(new double[] {0.9}, 10), EVIL),
                SvgCharts.annotatorQuality(EVIL, List.of(new AnnotatorPoint(EVIL, 2, 0.3, 50, true))));
        for (String svg : charts) {
            Document d = assertAccessibleSvg(svg);
            String title = d.getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent();
            assertEquals(EVIL, title);
            assertTrue(d.getElementsByTagNameNS(SVG_NS, "desc").item(0).getTextContent().contains(EVIL));
            assertTrue(svg.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;quotes&quot; &#39;too&#39;"));
        }
    }

    @Test
    void controlCharactersInNamesKeepTheSvgWellFormed() throws Exception {
        String name = "bad\u0000name\u0007\uD800";
        Document d = assertAccessibleSvg(SvgCharts.accuracyByObjects(List.of(metrics(name, 8, 10, 9, 10)),
                AccuracyKind.ORIGINAL_TOP1));
        assertTrue(texts(d).contains("bad\uFFFDname\uFFFD\uFFFD"), texts(d).toString());
    }

    @Test
    void groupedBarsDrawOneBarPerModelAndBucketWithData() throws Exception {
        List<ModelMetrics> models = List.of(metrics("A", 80, 100, 90, 100), metrics("B", 60, 100, 70, 100));
        Document d = assertAccessibleSvg(SvgCharts.accuracyByObjects(models, AccuracyKind.ORIGINAL_TOP1));
        assertEquals(4, elements(d, "g").size(), "2 models x (1 and 2 objects); 3+ has no data");
        List<String> texts = texts(d);
        assertTrue(texts.containsAll(List.of("1 object", "2 objects", "3+ objects", "A", "B")), texts.toString());
        assertEquals(2, texts.stream().filter("n/a"::equals).count());
        assertTrue(texts.contains("n = 50"), "same n for both models in the 2-objects group");
        assertTrue(texts.contains("80.0%"), "value label above a wide bar");
    }

    @Test
    void groupedBarsWithManyModelsCutTheLegendButStayWellFormed() throws Exception {
        List<ModelMetrics> models = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            models.add(metrics("model-with-a-rather-long-name-" + i, 50 + i, 100, 60, 100));
        }
        Document d = assertAccessibleSvg(SvgCharts.accuracyByObjects(models, AccuracyKind.ORIGINAL_TOP1));
        assertTrue(texts(d).stream().anyMatch(t -> t.startsWith("and ") && t.endsWith(" more")));
        assertTrue(texts(d).contains("model-with-a-rather-long-\u2026"));
        assertTrue(d.getElementsByTagNameNS(SVG_NS, "desc").item(0).getTextContent()
                .contains("model-with-a-rather-long-name-39"), "the description keeps every name");
    }

    @Test
    void histogramOverlaysTwoSeriesAsSharesOfEach() throws Exception {
        Histogram original = Histogram.of(new double[] {0.2, 0.6, 0.6, 0.8, 1.0}, 10);
        Histogram predicted = Histogram.of(new double[] {0.1, 0.7, 0.8, 1.0}, 10);
        Document d = assertAccessibleSvg(SvgCharts.sfHistogram(original, predicted, "Model M top-1"));
        List<Element> bars = elements(d, "g");
        assertEquals(4 + 4, bars.size(), "one bar per non-empty bin of each series");
        String tooltip = bars.get(1).getElementsByTagNameNS(SVG_NS, "title").item(0).getTextContent();
        assertEquals("Original labels, SF 0.6-0.7: 2 of 5 (40.0%)", tooltip);
        assertTrue(texts(d).contains("n = 5, mean SF 0.64"), texts(d).toString());
        assertTrue(texts(d).contains("n = 4, mean SF 0.65"), texts(d).toString());
        assertThrows(IllegalArgumentException.class,
                () -> SvgCharts.sfHistogram(original, Histogram.of(new double[0], 5), "x"));
        assertAccessibleSvg(SvgCharts.sfHistogram(Histogram.of(new double[0], 10), Histogram.of(new double[0], 10), "y"));
    }

    @Test
    void annotatorChartLabelsSpammersOnly() throws Exception {
        List<AnnotatorPoint> annotators = List.of(
                new AnnotatorPoint("alice", 12.5, 0.92, 300, false),
                new AnnotatorPoint("bob", 9.0, 0.88, 250, false),
                new AnnotatorPoint("speedy", 1.2, 0.35, 900, true));
        Document d = assertAccessibleSvg(SvgCharts.annotatorQuality(annotators));
        List<String> texts = texts(d);
        assertTrue(texts.contains("speedy"));
        assertFalse(texts.contains("alice"), "regular annotators are named in tooltips, not labels");
        assertTrue(texts.contains("Flagged as spammer (1)") && texts.contains("Annotator (2)"), texts.toString());
        assertEquals(3, elements(d, "g").size());
        String desc = d.getElementsByTagNameNS(SVG_NS, "desc").item(0).getTextContent();
        assertTrue(desc.contains("speedy: 1.2 s per judgment, agreement 35.0%, 900 judgments, flagged as spammer"));
        assertAccessibleSvg(SvgCharts.annotatorQuality(List.of()));
    }

    @Test
    void numbersUseADotWhateverTheDefaultLocale() throws Exception {
        java.util.Locale before = java.util.Locale.getDefault();
        try {
            java.util.Locale.setDefault(java.util.Locale.GERMANY);
            String svg = SvgCharts.accuracyScatter(List.of(metrics("A", 8, 10, 9, 10)), AccuracyKind.ANY_VALID);
            assertNotNull(parse(svg));
            assertTrue(svg.contains("80.0%"));
            assertFalse(svg.matches("(?s).*\\d,\\d%.*"));
        } finally {
            java.util.Locale.setDefault(before);
        }
    }

    @Test
    void niceRangeCoversTheDataOnATickGrid() {
        double[] r = SvgCharts.niceUnitRange(0.612, 0.873);
        assertEquals(0.60, r[0], 1e-12);
        assertEquals(0.90, r[1], 1e-12);
        assertEquals(0.05, r[2], 1e-12);
        double[] full = SvgCharts.niceUnitRange(0.02, 0.99);
        assertEquals(0.0, full[0], 1e-12);
        assertEquals(1.0, full[1], 1e-12);
        double[] narrow = SvgCharts.niceUnitRange(0.97, 1.0);
        assertTrue(narrow[1] - narrow[0] >= 2 * narrow[2] - 1e-12 && narrow[1] <= 1.0);
        assertEquals(5.0, SvgCharts.niceStep(27, 6), 1e-12);
    }
}
