package org.relabel.audit.domain;

import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.DoubleStream;

/**
 * Computes per-model accuracy against original labels and against the people's consensus, and
 * dataset-level figures (DESIGN.md section 3, "Model accuracy").
 *
 * <p>For a model m, the images counted are those not {@link ReviewStatus#EXCLUDED}; of those, the
 * images m has no prediction for are reported as {@link ModelMetrics#withoutPrediction()} and left
 * out of every proportion of m (counting them as wrong would mix coverage with accuracy). With
 * t(i) the rank-1 label of m on image i, o(i) the original label, V(i) the valid label set and
 * M(i) the main label, over the counted images with a prediction:
 * <ul>
 *   <li>top-1 = #{t(i) = o(i)} / #{i};</li>
 *   <li>top-5 = #{o(i) among the first 5 ranked labels} / #{i} (fewer than 5 ranked labels: those given);</li>
 *   <li>main-label accuracy = #{t(i) = M(i)} / #{i : M(i) exists};</li>
 *   <li>any-valid-label ("ReaL", Beyer et al. 2020) = #{t(i) in V(i)} / #{i : V(i) non-empty}; images
 *       with an empty or missing valid set are left out of numerator and denominator;</li>
 *   <li>errors judged valid = #{t(i) != o(i) and t(i) in V(i)} / #{i : t(i) != o(i), V(i) non-empty}:
 *       the share of the model's "errors" against the original labels that people judged valid
 *       (Tsipras et al. 2020 expect it to grow with accuracy).</li>
 * </ul>
 * Each proportion carries n and a 95% Wilson interval ({@link Proportion#wilson(long, long)}).
 * Breakdowns: by {@link ObjectsBucket} of {@link ImageLabels#objects()} and by
 * {@link ImageLabels#imageClass()}; each bucket and class uses the same definitions on its images.
 *
 * <p>Stateless and thread-safe; one pass over the images per model (linear time).
 */
public final class MetricsCalculator {

    /** The k of the top-k accuracy. */
    public static final int TOP_K = 5;

    /** Metrics for each model, in the order given. */
    public List<ModelMetrics> metrics(Collection<ImageLabels> images, Collection<ModelPredictions> models) {
        checkUniqueImages(images);
        List<ModelMetrics> out = new ArrayList<>(models.size());
        for (ModelPredictions m : models) {
            out.add(compute(images, m));
        }
        return List.copyOf(out);
    }

    /** Metrics for one model. */
    public ModelMetrics metrics(Collection<ImageLabels> images, ModelPredictions model) {
        checkUniqueImages(images);
        return compute(images, model);
    }

    private ModelMetrics compute(Collection<ImageLabels> images, ModelPredictions model) {
        Objects.requireNonNull(model, "model");
        Tally overall = new Tally();
        Map<ObjectsBucket, Tally> byObjects = new EnumMap<>(ObjectsBucket.class);
        for (ObjectsBucket b : ObjectsBucket.values()) {
            byObjects.put(b, new Tally());
        }
        Map<String, Tally> byClass = new HashMap<>();
        long counted = 0;
        long without = 0;
        long errors = 0;
        long errorsValid = 0;
        for (ImageLabels img : images) {
            if (img.excluded()) {
                continue;
            }
            counted++;
            Tally classTally = byClass.computeIfAbsent(img.imageClass(), k -> new Tally());
            List<RankedLabel> ranked = model.ranked(img.image());
            if (ranked.isEmpty()) {
                without++;
                continue;
            }
            String top1 = ranked.get(0).label();
            boolean inTop5 = inTopK(ranked, img.originalLabel(), TOP_K);
            overall.add(img, top1, inTop5);
            classTally.add(img, top1, inTop5);
            ObjectsBucket bucket = ObjectsBucket.of(img.objects());
            if (bucket != null) {
                byObjects.get(bucket).add(img, top1, inTop5);
            }
            if (!top1.equals(img.originalLabel()) && img.hasValidLabels()) {
                errors++;
                if (img.validLabels().contains(top1)) {
                    errorsValid++;
                }
            }
        }
        Map<ObjectsBucket, Accuracy> objects = new EnumMap<>(ObjectsBucket.class);
        byObjects.forEach((b, t) -> objects.put(b, t.accuracy()));
        Map<String, Accuracy> classes = new TreeMap<>();
        byClass.forEach((c, t) -> classes.put(c, t.accuracy()));
        return new ModelMetrics(model.model(), counted, without, overall.accuracy(), objects, classes,
                Proportion.wilson(errorsValid, errors));
    }

    /**
     * Dataset-level figures over the counted (not excluded) images; {@code models} only feed the
     * SF histograms of top-1 predictions ({@link Histogram#DEFAULT_BINS} bins over [0, 1]).
     */
    public DatasetFigures datasetFigures(Collection<ImageLabels> images, Collection<ModelPredictions> models) {
        checkUniqueImages(images);
        long counted = 0;
        long excluded = 0;
        long withConsensus = 0;
        long multiple = 0;
        long notValid = 0;
        long withMain = 0;
        long notMain = 0;
        DoubleStream.Builder originalSf = DoubleStream.builder();
        Map<String, DoubleStream.Builder> modelSf = new LinkedHashMap<>();
        for (ModelPredictions m : models) {
            if (modelSf.put(m.model(), DoubleStream.builder()) != null) {
                throw new IllegalArgumentException("model " + m.model() + " given twice");
            }
        }
        for (ImageLabels img : images) {
            if (img.excluded()) {
                excluded++;
                continue;
            }
            counted++;
            if (img.hasConsensus()) {
                withConsensus++;
                Integer objects = img.objects();
                if (objects != null && objects >= 2) {
                    multiple++;
                }
                if (!img.validLabels().contains(img.originalLabel())) {
                    notValid++;
                }
            }
            if (img.mainLabel() != null) {
                withMain++;
                if (!img.mainLabel().equals(img.originalLabel())) {
                    notMain++;
                }
            }
            Double sf = img.sf(img.originalLabel());
            if (sf != null) {
                originalSf.add(sf);
            }
            for (ModelPredictions m : models) {
                String top1 = m.top1(img.image());
                Double topSf = top1 == null ? null : img.sf(top1);
                if (topSf != null) {
                    modelSf.get(m.model()).add(topSf);
                }
            }
        }
        Map<String, Histogram> histograms = new LinkedHashMap<>();
        modelSf.forEach((m, b) -> histograms.put(m, Histogram.of(b.build().toArray(), Histogram.DEFAULT_BINS)));
        return new DatasetFigures(counted, excluded, withConsensus,
                Proportion.wilson(multiple, withConsensus),
                Proportion.wilson(notValid, withConsensus),
                Proportion.wilson(notMain, withMain),
                Histogram.of(originalSf.build().toArray(), Histogram.DEFAULT_BINS),
                histograms);
    }

    private static boolean inTopK(List<RankedLabel> ranked, String label, int k) {
        int limit = Math.min(k, ranked.size());
        for (int i = 0; i < limit; i++) {
            if (ranked.get(i).label().equals(label)) {
                return true;
            }
        }
        return false;
    }

    private static void checkUniqueImages(Collection<ImageLabels> images) {
        Set<String> seen = new HashSet<>(Math.max(16, images.size() * 2));
        for (ImageLabels img : images) {
            if (!seen.add(img.image())) {
                throw new IllegalArgumentException("image " + img.image() + " given twice");
            }
        }
    }

    /** Success and trial counts of the four accuracies over some images. */
    private static final class Tally {
        long n;
        long top1;
        long top5;
        long mainN;
        long main;
        long validN;
        long valid;

        void add(ImageLabels img, String predicted, boolean originalInTop5) {
            n++;
            if (predicted.equals(img.originalLabel())) {
                top1++;
            }
            if (originalInTop5) {
                top5++;
            }
            if (img.mainLabel() != null) {
                mainN++;
                if (predicted.equals(img.mainLabel())) {
                    main++;
                }
            }
            if (img.hasValidLabels()) {
                validN++;
                if (img.validLabels().contains(predicted)) {
                    valid++;
                }
            }
        }

        Accuracy accuracy() {
            return new Accuracy(Proportion.wilson(top1, n), Proportion.wilson(top5, n),
                    Proportion.wilson(main, mainN), Proportion.wilson(valid, validN));
        }
    }
}
