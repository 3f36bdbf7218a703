package org.relabel.demo.world;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A seeded crowd of simulated annotators for the demo campaign, made from a {@link CrowdSpec}.
 *
 * <p>Each annotator's parameters are drawn uniformly from its kind's ranges:
 * <table>
 * <caption>parameter ranges per kind</caption>
 * <tr><th>kind</th><th>sensitivity</th><th>small objects</th><th>false positives</th><th>main accuracy</th>
 *     <th>median ms</th></tr>
 * <tr><td>reliable</td><td>0.92-0.98</td><td>0.82-0.92</td><td>0.01-0.04</td><td>0.88-0.96</td><td>3500-5500</td></tr>
 * <tr><td>sloppy</td><td>0.78-0.90</td><td>0.25-0.45</td><td>0.06-0.14</td><td>0.55-0.75</td><td>1800-3000</td></tr>
 * <tr><td>spammer</td><td colspan="3">one tick rate p in 0.25-0.50 for all three</td><td>0 (uniform)</td>
 *     <td>500-900</td></tr>
 * </table>
 * Annotator {@code n} of a kind depends only on {@code (seed, kind, n)}, so adding spammers leaves the
 * reliable annotators unchanged. Names are {@code sim-<kind>-<nn>}, e.g. {@code sim-sloppy-02}.
 */
public final class SimulatedCrowd {

    private static final long SALT_PARAMETERS = 0xC40DL;
    private static final long SALT_ANSWERS = 0xA45EL;

    private final CrowdSpec spec;
    private final List<SimulatedAnnotator> annotators;

    /** Builds the crowd of the spec. */
    public SimulatedCrowd(CrowdSpec spec) {
        this.spec = spec;
        List<SimulatedAnnotator> list = new ArrayList<>(spec.size());
        for (AnnotatorKind kind : AnnotatorKind.values()) {
            for (int n = 1; n <= spec.count(kind); n++) {
                list.add(annotator(spec.seed(), kind, n));
            }
        }
        this.annotators = List.copyOf(list);
    }

    /** The spec this crowd was made from. */
    public CrowdSpec spec() {
        return spec;
    }

    /** The annotators: reliable first, then sloppy, then spammers, each numbered from 01. */
    public List<SimulatedAnnotator> annotators() {
        return annotators;
    }

    /**
     * The annotator with the given name.
     *
     * @throws IllegalArgumentException if there is none
     */
    public SimulatedAnnotator byName(String name) {
        for (SimulatedAnnotator a : annotators) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        throw new IllegalArgumentException("no simulated annotator named " + name);
    }

    /** Every annotator's response to a scene, in {@link #annotators()} order. */
    public List<SimulatedResponse> respondAll(Scene scene, List<String> shown) {
        List<SimulatedResponse> responses = new ArrayList<>(annotators.size());
        for (SimulatedAnnotator a : annotators) {
            responses.add(a.respond(scene, shown));
        }
        return responses;
    }

    /** Annotator {@code number} (from 1) of a kind, its parameters drawn from the kind's ranges. */
    static SimulatedAnnotator annotator(long seed, AnnotatorKind kind, int number) {
        Random r = new Random(Seeds.mix(seed, kind.ordinal(), number, SALT_PARAMETERS));
        String name = String.format(Locale.ROOT, "sim-%s-%02d", kind.key(), number);
        long answerSeed = Seeds.mix(seed, kind.ordinal(), number, SALT_ANSWERS);
        return switch (kind) {
            case RELIABLE -> new SimulatedAnnotator(name, kind, uniform(r, 0.92, 0.98), uniform(r, 0.82, 0.92),
                    uniform(r, 0.01, 0.04), uniform(r, 0.88, 0.96), Math.round(uniform(r, 3500, 5500)), answerSeed);
            case SLOPPY -> new SimulatedAnnotator(name, kind, uniform(r, 0.78, 0.90), uniform(r, 0.25, 0.45),
                    uniform(r, 0.06, 0.14), uniform(r, 0.55, 0.75), Math.round(uniform(r, 1800, 3000)), answerSeed);
            case SPAMMER -> {
                double p = uniform(r, 0.25, 0.50);
                yield new SimulatedAnnotator(name, kind, p, p, p, 0.0, Math.round(uniform(r, 500, 900)), answerSeed);
            }
        };
    }

    private static double uniform(Random r, double lo, double hi) {
        return lo + (hi - lo) * r.nextDouble();
    }
}
