package org.relabel.export.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.relabel.consensus.domain.Answer;
import org.relabel.upload.CsvReader;

/** The release writers: what they write parses back to what went in, and each digest is the SHA-256 of the bytes. */
class ReleaseWritersTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final List<ReleaseLabel> LABELS = List.of(
            new ReleaseLabel("a.jpg", "cat", "cat", List.of("cat", "dog"), 5, 0.912345678, ReleaseStatus.CONSENSUS),
            new ReleaseLabel("odd, \"quoted\"\nkey.jpg", "cat", null, List.of(), 3, null, ReleaseStatus.EXCLUDED),
            new ReleaseLabel("ünïcode/ø.png", "n01440764", "n01440764", List.of("n01440764"), 0, null,
                    ReleaseStatus.ORIGINAL),
            new ReleaseLabel("z.jpg", "dog", "fox", List.of("fox"), 4, 1.0, ReleaseStatus.SET_BY_HAND));

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void labelsCsvParsesBackToTheSameLabelsAndItsDigestIsTheSha256OfItsBytes() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FileDigest digest;
        try (LabelsCsv csv = new LabelsCsv(bytes)) {
            for (ReleaseLabel l : LABELS) csv.write(l);
            digest = csv.finish();
        }
        assertEquals(sha256(bytes.toByteArray()), digest.sha256());
        assertEquals(bytes.size(), digest.bytes());
        assertEquals(4L, digest.records());
        String text = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("image,original_label,main_label,valid_labels,judgments,confidence,status\n"), text);
        assertTrue(text.contains("\na.jpg,cat,cat,cat dog,5,0.912346,consensus\n"), text);
        List<ReleaseLabel> back = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(text))) {
            LabelsCsv.Columns columns = LabelsCsv.Columns.of(reader.header());
            CsvReader.Row row;
            while ((row = reader.next()) != null) back.add(LabelsCsv.parse(columns, row.values()));
        }
        assertEquals(LABELS.size(), back.size());
        for (int i = 0; i < LABELS.size(); i++) {
            ReleaseLabel want = LABELS.get(i);
            ReleaseLabel got = back.get(i);
            assertEquals(want.image(), got.image());
            assertEquals(want.validLabels(), got.validLabels());
            assertEquals(want.mainLabel(), got.mainLabel());
            assertEquals(want.status(), got.status());
            assertEquals(want.judgments(), got.judgments());
        }
        assertEquals(0.912346, back.get(0).confidence(), 1e-12);
    }

    @Test
    void labelsJsonIsTheRealFormatKeyedByImage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FileDigest digest;
        try (LabelsJson json = new LabelsJson(bytes)) {
            for (ReleaseLabel l : LABELS) json.write(l);
            digest = json.finish();
        }
        assertEquals(sha256(bytes.toByteArray()), digest.sha256());
        Map<String, List<String>> parsed = JSON.readValue(bytes.toByteArray(), new TypeReference<LinkedHashMap<String, List<String>>>() {
        });
        Map<String, List<String>> want = new LinkedHashMap<>();
        for (ReleaseLabel l : LABELS) want.put(l.image(), l.validLabels());
        assertEquals(want, parsed);
        assertEquals(List.copyOf(want.keySet()), List.copyOf(parsed.keySet()), "image order kept");
    }

    @Test
    void emptyReleaseFilesAreValid() throws Exception {
        ByteArrayOutputStream json = new ByteArrayOutputStream();
        try (LabelsJson w = new LabelsJson(json)) {
            w.finish();
        }
        assertEquals(Map.of(), JSON.readValue(json.toByteArray(), Map.class));
        ByteArrayOutputStream studio = new ByteArrayOutputStream();
        try (LabelStudioJson w = new LabelStudioJson(studio, "x v1")) {
            w.finish();
        }
        assertTrue(JSON.readTree(studio.toByteArray()).isArray());
    }

    @Test
    void judgmentsCsvHasOneRowPerAnswerInTheImportFormat() throws Exception {
        Map<String, Answer> answers = new LinkedHashMap<>();
        answers.put("dog", Answer.YES);
        answers.put("cat", Answer.NO);
        answers.put("fox", Answer.MAYBE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        FileDigest digest;
        try (JudgmentsCsv csv = new JudgmentsCsv(bytes)) {
            csv.write("a, b.jpg", new AnnotatorAnswers("annotator-0002", "IMPORT", "dog", 2500, answers));
            csv.write("c.jpg", new AnnotatorAnswers("x", "CAMPAIGN", null, null, Map.of("cat", Answer.YES)));
            digest = csv.finish();
        }
        assertEquals(4L, digest.records());
        assertEquals(sha256(bytes.toByteArray()), digest.sha256());
        List<List<String>> rows = new ArrayList<>();
        try (CsvReader reader = new CsvReader(new StringReader(bytes.toString(StandardCharsets.UTF_8)))) {
            assertEquals(JudgmentsCsv.COLUMNS, reader.header());
            CsvReader.Row row;
            while ((row = reader.next()) != null) rows.add(List.of(row.values()));
        }
        assertEquals(List.of(
                List.of("a, b.jpg", "dog", "annotator-0002", "yes", "1", "2.5", "import"),
                List.of("a, b.jpg", "cat", "annotator-0002", "no", "0", "2.5", "import"),
                List.of("a, b.jpg", "fox", "annotator-0002", "maybe", "0", "2.5", "import"),
                List.of("c.jpg", "cat", "x", "yes", "0", "", "campaign")), rows);
    }

    @Test
    void labelStudioTasksCarryTheChoicesOfEveryAnnotatorAndTheReleaseLabelsAsPrediction() throws Exception {
        Map<String, Answer> a = new LinkedHashMap<>();
        a.put("cat", Answer.YES);
        a.put("dog", Answer.MAYBE);
        a.put("fox", Answer.NO);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (LabelStudioJson studio = new LabelStudioJson(bytes, "demo v2")) {
            studio.write(LABELS.get(0), "https://example.org/a.jpg", List.of(
                    new AnnotatorAnswers("annotator-0001", "IMPORT", "cat", 1200, a),
                    new AnnotatorAnswers("annotator-0002", "CAMPAIGN", null, null, Map.of("fox", Answer.NO))));
            studio.write(LABELS.get(1), null, List.of());
            studio.finish();
        }
        JsonNode tasks = JSON.readTree(bytes.toByteArray());
        assertEquals(2, tasks.size());
        JsonNode t = tasks.get(0);
        assertEquals("https://example.org/a.jpg", t.at("/data/image").asText());
        assertEquals("a.jpg", t.at("/data/image_key").asText());
        assertEquals("cat", t.at("/data/original_label").asText());
        JsonNode first = t.at("/annotations/0");
        assertEquals("present", first.at("/result/0/from_name").asText());
        assertEquals("image", first.at("/result/0/to_name").asText());
        assertEquals("choices", first.at("/result/0/type").asText());
        assertEquals("[\"cat\"]", first.at("/result/0/value/choices").toString());
        assertEquals("unsure", first.at("/result/1/from_name").asText());
        assertEquals("[\"dog\"]", first.at("/result/1/value/choices").toString());
        assertEquals("main", first.at("/result/2/from_name").asText());
        assertEquals(1.2, first.at("/lead_time").asDouble(), 1e-9);
        assertEquals("annotator-0001", first.at("/relabel/annotator").asText());
        assertEquals(0, t.at("/annotations/1/result").size(), "nothing present, nothing unsure, no main: no result");
        assertEquals("demo v2", t.at("/predictions/0/model_version").asText());
        assertEquals("[\"cat\",\"dog\"]", t.at("/predictions/0/result/0/value/choices").toString());
        assertEquals("[\"cat\"]", t.at("/predictions/0/result/1/value/choices").toString());
        assertEquals("odd, \"quoted\"\nkey.jpg", tasks.get(1).at("/data/image").asText(), "the key when there is no URL");
        String config = LabelStudioJson.labelingConfig(Map.of("a&b", "A <b>"));
        assertTrue(config.contains("<Choice value=\"a&amp;b\" hint=\"A &lt;b&gt;\"/>"), config);
        assertTrue(config.contains("<Choices name=\"main\" toName=\"image\" choice=\"single\""), config);
    }

    @Test
    void decisionsCsvListsEachDecisionWithSortedLabels() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DecisionsCsv csv = new DecisionsCsv(bytes)) {
            csv.write(new DecisionRow("x.jpg", 7, 2, "SET_BY_HAND", "cu", java.time.Instant.parse("2025-01-02T03:04:05Z"),
                    List.of("fox", "cat"), "fox"));
            csv.write(new DecisionRow("y.jpg", 8, 1, "EXCLUDED", "cu", null, null, null));
            csv.finish();
        }
        assertEquals("image,decision_id,revision,decision,curator,decided_at,valid_labels,main_label\n"
                + "x.jpg,7,2,set_by_hand,cu,2025-01-02T03:04:05Z,cat fox,fox\n"
                + "y.jpg,8,1,excluded,cu,,,\n", bytes.toString(StandardCharsets.UTF_8));
    }

    @Test
    void decimalsHaveNoExponentAndAtMostSixPlaces() {
        assertEquals("0.8", Text.decimal(0.8));
        assertEquals("1", Text.decimal(1.0));
        assertEquals("0.000123", Text.decimal(0.000123));
        assertEquals("0", Text.decimal(1e-9));
        assertEquals("-2.5", Text.decimal(-2.5));
        assertEquals("", Text.decimal(null));
        assertEquals("", Text.decimal(Double.POSITIVE_INFINITY));
    }

    @Test
    void hashingOutputMatchesTheJdkDigestForAnySplitOfTheBytes() throws Exception {
        byte[] data = "the quick brown fox".repeat(1000).getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        try (HashingOutput out = new HashingOutput(sink)) {
            out.write(data[0]);
            out.write(data, 1, 4000);
            out.write(data, 4001, data.length - 4001);
            assertEquals(sha256(data), out.sha256Hex());
            assertEquals(data.length, out.bytes());
        }
        assertArrayEquals(data, sink.toByteArray());
    }

    @Test
    void annotatorsAnswersMergeLikeTheAggregationLastAnswerWins() {
        Map<String, Answer> first = new LinkedHashMap<>();
        first.put("cat", Answer.YES);
        first.put("dog", Answer.NO);
        Map<String, Answer> second = new LinkedHashMap<>();
        second.put("dog", Answer.YES);
        second.put("fox", Answer.MAYBE);
        AnnotatorAnswers.Merged m = AnnotatorAnswers.merge(List.of(
                new StoredJudgment("b", "IMPORT", null, "cat", 100, first),
                new StoredJudgment("a", "IMPORT", null, "cat", null, Map.of("cat", Answer.YES)),
                new StoredJudgment("b", "CAMPAIGN", 4L, "dog", 200, second)));
        assertEquals(1, m.replacedAnswers());
        assertEquals(List.of("b", "a"), m.annotators().stream().map(AnnotatorAnswers::annotator).toList());
        AnnotatorAnswers b = m.annotators().get(0);
        assertEquals(List.of("cat", "dog", "fox"), List.copyOf(b.answers().keySet()));
        assertEquals(Answer.YES, b.answers().get("dog"));
        assertEquals("dog", b.mainLabel());
        assertEquals(200, b.millis());
        assertEquals("CAMPAIGN", b.source());
        assertFalse(b.labels(Answer.MAYBE).isEmpty());
    }

    @Test
    void writersWriteNothingMoreAfterFinish() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        LabelsCsv csv = new LabelsCsv(bytes);
        FileDigest a = csv.finish();
        FileDigest b = csv.finish();
        csv.close();
        assertEquals(a, b);
        assertEquals(bytes.size(), a.bytes());
    }
}
