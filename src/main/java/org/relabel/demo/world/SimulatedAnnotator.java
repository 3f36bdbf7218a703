package org.relabel.demo.world;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * A simulated annotator with a fixed noise model, answering from a scene's hidden truth.
 *
 * <p><b>Presence</b>: each shown label is ticked independently, with probability
 * {@code sensitivity} if an object of that class is present and large, {@code smallObjectSensitivity}
 * if it is present but small (box side below {@value #SMALL_OBJECT_FRACTION} of the image side), and
 * {@code falsePositiveRate} if it is absent. A spammer has all three equal, so its ticks carry no
 * information. This is the one-coin-per-class-state model that Dawid-Skene presence aggregation
 * (K = 2) is meant to recover.
 *
 * <p><b>Main object</b>: the selected labels are ranked by how salient they are (present objects by the
 * main-object rule of {@link SceneTruth}, then absent labels by key); with probability
 * {@code mainAccuracy} the annotator picks the first, otherwise one of the selected uniformly.
 *
 * <p><b>Time</b>: {@code medianMillis * (0.5 + 0.05 * shown) * exp(0.3 Z)}, Z standard normal,
 * at least {@value #MIN_MILLIS} ms.
 *
 * <p>Every random draw is seeded by the annotator's seed, the scene key and (for ticks) the label, so an
 * answer does not depend on the display order, on the other labels shown or on the order in which
 * scenes are answered.
 *
 * @param name                   unique name, e.g. {@code sim-reliable-01}
 * @param kind                   the kind the parameters were drawn for
 * @param sensitivity            P(tick | present, large)
 * @param smallObjectSensitivity P(tick | present, small)
 * @param falsePositiveRate      P(tick | absent)
 * @param mainAccuracy           P(pick the most salient selected label as main), else uniform
 * @param medianMillis           median time for an image with 10 candidates
 * @param seed                   seed of this annotator's answers
 */
public record SimulatedAnnotator(String name, AnnotatorKind kind, double sensitivity, double smallObjectSensitivity,
        double falsePositiveRate, double mainAccuracy, long medianMillis, long seed) {

    /** Objects whose box side is below this fraction of the image side count as small. */
    public static final double SMALL_OBJECT_FRACTION = 0.36;
    /** Lower bound of a response time. */
    public static final long MIN_MILLIS = 150;

    private static final long SALT_MAIN = 0x3A1AL;
    private static final long SALT_TIME = 0x71AEL;

    public SimulatedAnnotator {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kind, "kind");
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
        checkProbability("sensitivity", sensitivity);
        checkProbability("smallObjectSensitivity", smallObjectSensitivity);
        checkProbability("falsePositiveRate", falsePositiveRate);
        checkProbability("mainAccuracy", mainAccuracy);
        if (medianMillis <= 0) {
            throw new IllegalArgumentException("medianMillis must be positive: " + medianMillis);
        }
    }

    /**
     * This annotator's answer on a scene.
     *
     * @param scene the scene (its hidden truth and object sizes drive the answer)
     * @param shown the candidate labels in display order, distinct and non-empty; labels outside the
     *              scene (or the vocabulary) count as absent
     */
    public SimulatedResponse respond(Scene scene, List<String> shown) {
        if (shown.isEmpty()) {
            throw new IllegalArgumentException("no labels shown");
        }
        if (new HashSet<>(shown).size() != shown.size()) {
            throw new IllegalArgumentException("shown labels must be distinct: " + shown);
        }
        long sceneHash = Seeds.hash(scene.key());
        Map<String, SceneObject> byClass = new HashMap<>();
        for (SceneObject o : scene.objects()) {
            byClass.put(o.classKey(), o);
        }
        double smallSide = SMALL_OBJECT_FRACTION * scene.size();
        List<String> selected = new ArrayList<>();
        for (String label : shown) {
            SceneObject o = byClass.get(label);
            double p;
            if (o == null) {
                p = falsePositiveRate;
            } else {
                p = o.size() < smallSide ? smallObjectSensitivity : sensitivity;
            }
            if (new Random(Seeds.mix(seed, sceneHash, Seeds.hash(label))).nextDouble() < p) {
                selected.add(label);
            }
        }
        String main = null;
        if (!selected.isEmpty()) {
            Comparator<SceneObject> salience = SceneTruth.salienceOrder(scene.size());
            List<String> ranked = new ArrayList<>(selected);
            ranked.sort((a, b) -> {
                SceneObject oa = byClass.get(a);
                SceneObject ob = byClass.get(b);
                if (oa != null && ob != null) {
                    return salience.compare(oa, ob);
                }
                if (oa != null || ob != null) {
                    return oa != null ? -1 : 1;
                }
                return a.compareTo(b);
            });
            Random r = new Random(Seeds.mix(seed, sceneHash, SALT_MAIN));
            main = r.nextDouble() < mainAccuracy ? ranked.get(0) : ranked.get(r.nextInt(ranked.size()));
        }
        Random t = new Random(Seeds.mix(seed, sceneHash, SALT_TIME));
        double millis = medianMillis * (0.5 + 0.05 * shown.size()) * StrictMath.exp(0.3 * t.nextGaussian());
        return new SimulatedResponse(selected, main, selected.isEmpty(), Math.max(MIN_MILLIS, Math.round(millis)));
    }

    private static void checkProbability(String name, double value) {
        if (!(value >= 0.0 && value <= 1.0)) {
            throw new IllegalArgumentException(name + " must be in [0, 1]: " + value);
        }
    }
}
