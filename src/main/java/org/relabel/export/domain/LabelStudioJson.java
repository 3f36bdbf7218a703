package org.relabel.export.domain;

import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.Map;
import org.relabel.consensus.domain.Answer;

/**
 * {@code label-studio.json}: the judgments as Label Studio tasks (its JSON import format), one task per image,
 * for a project set up with {@link #labelingConfig} ({@code label-studio.xml} in the release):
 * <ul>
 *   <li>{@code data}: {@code image} (the image's URL where it has one, else its key), {@code image_key},
 *       {@code original_label};</li>
 *   <li>{@code annotations}: one per annotator, with the {@code choices} results {@code present} (labels answered
 *       yes), {@code unsure} (maybe) and {@code main}, {@code lead_time} in seconds, and a {@code relabel} object
 *       (annotator, source, the labels answered) that Label Studio keeps out of the way;</li>
 *   <li>{@code predictions}: the release's labels ({@code present} = valid labels, {@code main}) with the consensus
 *       confidence as {@code score} and the release as {@code model_version}.</li>
 * </ul>
 */
public final class LabelStudioJson extends ReleaseFileWriter {
    public static final String NAME = "label-studio.json";
    public static final String CONFIG_NAME = "label-studio.xml";
    static final String PRESENT = "present";
    static final String UNSURE = "unsure";
    static final String MAIN = "main";

    private final String modelVersion;

    /** @param modelVersion what Label Studio shows as the prediction's model, e.g. "imagenet-val v3" */
    public LabelStudioJson(OutputStream target, String modelVersion) {
        super(NAME, "application/json", target);
        this.modelVersion = modelVersion;
        line.append('[');
        emit();
    }

    /** One task: an image with its release labels and the answers of its annotators. */
    public void write(ReleaseLabel label, String imageRef, List<AnnotatorAnswers> annotators) {
        build(b -> {
            b.append(records() == 0 ? "\n" : ",\n");
            b.append("{\"data\":{\"image\":");
            Text.json(b, imageRef == null ? label.image() : imageRef);
            b.append(",\"image_key\":");
            Text.json(b, label.image());
            b.append(",\"original_label\":");
            Text.json(b, label.originalLabel());
            b.append("},\"annotations\":[");
            boolean first = true;
            for (AnnotatorAnswers a : annotators) {
                if (!first) b.append(',');
                first = false;
                b.append("{\"result\":[");
                boolean any = choices(b, PRESENT, a.labels(Answer.YES), false);
                any = choices(b, UNSURE, a.labels(Answer.MAYBE), any);
                choices(b, MAIN, a.mainLabel() == null ? List.of() : List.of(a.mainLabel()), any);
                b.append("],\"was_cancelled\":false,\"ground_truth\":false");
                if (a.millis() != null) b.append(",\"lead_time\":").append(Text.decimal(a.millis() / 1000.0));
                b.append(",\"relabel\":{\"annotator\":");
                Text.json(b, a.annotator());
                b.append(",\"source\":");
                Text.json(b, a.source());
                b.append(",\"answered\":");
                Text.jsonArray(b, a.answers().keySet());
                b.append("}}");
            }
            b.append("],\"predictions\":[{\"model_version\":");
            Text.json(b, modelVersion);
            if (label.confidence() != null) b.append(",\"score\":").append(Text.decimal(label.confidence()));
            b.append(",\"result\":[");
            boolean any = choices(b, PRESENT, label.validLabels(), false);
            choices(b, MAIN, label.mainLabel() == null ? List.of() : List.of(label.mainLabel()), any);
            b.append("]}]}");
        });
        emitRecord();
    }

    /** Appends one choices result unless {@code labels} is empty; returns whether any result was written so far. */
    private static boolean choices(StringBuilder b, String name, List<String> labels, boolean any) throws IOException {
        if (labels.isEmpty()) return any;
        if (any) b.append(',');
        b.append("{\"id\":\"").append(name).append("\",\"from_name\":\"").append(name)
                .append("\",\"to_name\":\"image\",\"type\":\"choices\",\"value\":{\"choices\":");
        Text.jsonArray(b, labels);
        b.append("}}");
        return true;
    }

    @Override
    protected void trailer() {
        line.append("\n]\n");
        emit();
    }

    /**
     * The Label Studio labeling configuration for these tasks: the image, then "present", "unsure" (multiple choice)
     * and "main" (single choice) over the classes, each choice a class key with its name as hint.
     *
     * @param classes class key to name, in the order to show
     */
    public static String labelingConfig(Map<String, String> classes) {
        StringBuilder b = new StringBuilder(256 + 80 * classes.size() * 3);
        b.append("<View>\n  <Image name=\"image\" value=\"$image\"/>\n");
        group(b, PRESENT, "Which of these objects are present?", "multiple", classes);
        group(b, UNSURE, "Unsure about", "multiple", classes);
        group(b, MAIN, "Which present object is the main one?", "single", classes);
        return b.append("</View>\n").toString();
    }

    private static void group(StringBuilder b, String name, String header, String choice, Map<String, String> classes) {
        b.append("  <Header value=\"").append(Text.xml(header)).append("\"/>\n  <Choices name=\"").append(name)
                .append("\" toName=\"image\" choice=\"").append(choice).append("\" showInline=\"true\">\n");
        classes.forEach((key, title) -> b.append("    <Choice value=\"").append(Text.xml(key)).append("\" hint=\"")
                .append(Text.xml(title)).append("\"/>\n"));
        b.append("  </Choices>\n");
    }
}
