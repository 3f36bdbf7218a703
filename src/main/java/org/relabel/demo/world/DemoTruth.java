package org.relabel.demo.world;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Measurements against the hidden truth of the demo world: the planted rates of a scene set, a
 * human-readable truth report, and how well a simulated response matches a scene's truth.
 */
public final class DemoTruth {

    private DemoTruth() {
    }

    /** The planted rates of the scenes (see {@link PlantedRates} for each share). */
    public static PlantedRates rates(List<Scene> scenes) {
        int n = scenes.size();
        int multi = 0;
        int three = 0;
        int errors = 0;
        int notMain = 0;
        int presentNotMain = 0;
        int preferred = 0;
        int single = 0;
        int singlePreferred = 0;
        for (Scene s : scenes) {
            int objects = s.objects().size();
            if (objects >= 2) {
                multi++;
            }
            if (objects >= 3) {
                three++;
            }
            if (s.labelError()) {
                errors++;
            }
            if (!s.originalLabelIsMain()) {
                notMain++;
                if (!s.labelError()) {
                    presentNotMain++;
                }
            }
            if (s.onPreferredBackground()) {
                preferred++;
            }
            if (objects == 1) {
                single++;
                if (s.objects().get(0).demoClass().preferredBackground() == s.background()) {
                    singlePreferred++;
                }
            }
        }
        return new PlantedRates(n, share(multi, n), share(three, n), share(errors, n), share(notMain, n),
                share(presentNotMain, n), share(preferred, n), share(singlePreferred, single));
    }

    /**
     * A plain-text report of the planted truth: the rates, then one row per class with how often it
     * is present, the main object and the original label, and how often it sits on its preferred
     * background when it is the main object.
     */
    public static String report(List<Scene> scenes) {
        PlantedRates r = rates(scenes);
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "scenes                              %6d%n", r.scenes()));
        sb.append(String.format(Locale.ROOT, "multi-object (2+)                   %6.1f%%%n", 100 * r.multiObjectShare()));
        sb.append(String.format(Locale.ROOT, "three objects                       %6.1f%%%n", 100 * r.threeObjectShare()));
        sb.append(String.format(Locale.ROOT, "label errors (label absent)         %6.1f%%%n", 100 * r.labelErrorShare()));
        sb.append(String.format(Locale.ROOT, "label present but not main          %6.1f%%%n",
                100 * r.originalPresentNotMainShare()));
        sb.append(String.format(Locale.ROOT, "label not main (errors included)    %6.1f%%%n", 100 * r.originalNotMainShare()));
        sb.append(String.format(Locale.ROOT, "on a preferred background           %6.1f%%%n", 100 * r.preferredBackgroundShare()));
        sb.append(String.format(Locale.ROOT, "single objects on preferred bg      %6.1f%%%n",
                100 * r.singleObjectPreferredBackgroundShare()));
        sb.append(String.format(Locale.ROOT, "%-10s %8s %6s %6s %14s%n", "class", "present", "main", "label",
                "main on pref."));
        for (DemoClass c : DemoVocabulary.classes()) {
            int present = 0;
            int main = 0;
            int label = 0;
            int mainPreferred = 0;
            for (Scene s : scenes) {
                if (s.truth().present().contains(c.key())) {
                    present++;
                }
                if (s.truth().main().equals(c.key())) {
                    main++;
                    if (s.background() == c.preferredBackground()) {
                        mainPreferred++;
                    }
                }
                if (s.originalLabel().equals(c.key())) {
                    label++;
                }
            }
            sb.append(String.format(Locale.ROOT, "%-10s %8d %6d %6d %13.1f%%%n", c.key(), present, main, label,
                    100 * share(mainPreferred, main)));
        }
        return sb.toString();
    }

    /**
     * Share of the shown labels on which the response agrees with the truth: a label counts as agreeing
     * when it was selected and is present, or not selected and absent.
     *
     * @throws IllegalArgumentException if {@code shown} is empty
     */
    public static double presenceAgreement(Scene scene, List<String> shown, SimulatedResponse response) {
        if (shown.isEmpty()) {
            throw new IllegalArgumentException("no labels shown");
        }
        Set<String> selected = new HashSet<>(response.selected());
        int agree = 0;
        for (String label : shown) {
            if (selected.contains(label) == scene.truth().present().contains(label)) {
                agree++;
            }
        }
        return (double) agree / shown.size();
    }

    /** Whether the response's main label is the scene's main object. */
    public static boolean mainCorrect(Scene scene, SimulatedResponse response) {
        return scene.truth().main().equals(response.main());
    }

    private static double share(int count, int total) {
        return total == 0 ? Double.NaN : (double) count / total;
    }
}
