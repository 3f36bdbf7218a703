package org.relabel.consensus.domain;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The output of one {@link Aggregator} run on one {@link JudgmentSet}: an {@link ImageConsensus} per image (in
 * image key order) plus the per-pair scores and decisions in primitive form, indexed like the judgment set.
 *
 * <p>Two results are {@link #equals(Object) equal} when method, parameters, fit statistics and image consensus are
 * equal; aggregators guarantee that the same input gives equal results.
 */
public final class ConsensusResult {

    private final JudgmentSet data;
    private final String method;
    private final AggregationParams params;
    private final boolean probabilistic;
    private final double[] pairScore;
    private final boolean[] pairValid;
    private final int[] imageMain;
    private final int iterations;
    private final boolean converged;
    private final double logLikelihood;
    private final List<ImageConsensus> images;

    ConsensusResult(JudgmentSet data, String method, AggregationParams params, boolean probabilistic,
                    double[] pairScore, boolean[] pairValid, int[] imageMain, double[] imageConfidence,
                    int iterations, boolean converged, double logLikelihood) {
        this.data = data;
        this.method = method;
        this.params = params;
        this.probabilistic = probabilistic;
        this.pairScore = pairScore;
        this.pairValid = pairValid;
        this.imageMain = imageMain;
        this.iterations = iterations;
        this.converged = converged;
        this.logLikelihood = logLikelihood;
        List<ImageConsensus> list = new ArrayList<>(data.imageCount());
        for (int i = 0; i < data.imageCount(); i++) {
            list.add(imageConsensus(i, imageConfidence[i]));
        }
        this.images = Collections.unmodifiableList(list);
    }

    private ImageConsensus imageConsensus(int image, double confidence) {
        int from = data.imagePairStart(image);
        int n = data.imagePairEnd(image) - from;
        String[] labels = new String[n];
        Object[] sf = new Object[n];
        Object[] shown = new Object[n];
        Object[] score = new Object[n];
        int nValid = 0;
        for (int x = 0; x < n; x++) {
            int p = from + x;
            labels[x] = data.labelKey(data.pairLabel(p));
            sf[x] = data.selectionFrequency(p);
            shown[x] = data.shownCount(p);
            score[x] = pairScore[p];
            nValid += pairValid[p] ? 1 : 0;
        }
        String[] valid = new String[nValid];
        nValid = 0;
        for (int x = 0; x < n; x++) {
            if (pairValid[from + x]) {
                valid[nValid++] = labels[x];
            }
        }
        // pairs are in label index order, which is key order: the arrays are sorted as LabelMap requires
        String main = imageMain[image] < 0 ? null : data.labelKey(imageMain[image]);
        return new ImageConsensus(data.imageKey(image), new LabelMap<>(labels, sf), new LabelMap<>(labels, shown),
                new LabelMap<>(labels, score), List.of(valid), main, nValid, confidence,
                data.imageAnnotatorCount(image));
    }

    /** @return the judgments this result was computed from */
    public JudgmentSet data() {
        return data;
    }

    /** @return the aggregator's {@link Aggregator#name()} */
    public String method() {
        return method;
    }

    /** @return the parameters used */
    public AggregationParams params() {
        return params;
    }

    /** @return whether the scores are posterior probabilities of presence (Dawid-Skene models) */
    public boolean probabilistic() {
        return probabilistic;
    }

    /** @return the consensus of every image, in image key order */
    public List<ImageConsensus> images() {
        return images;
    }

    /**
     * @param imageKey an image key
     * @return its consensus, empty when the judgment set has no such image
     */
    public Optional<ImageConsensus> image(String imageKey) {
        int i = data.imageIndex(imageKey);
        return i < 0 ? Optional.empty() : Optional.of(images.get(i));
    }

    /** @return image key to its valid labels (sorted), in image key order: the ReaL {@code labels.json} shape */
    public Map<String, List<String>> validLabelSets() {
        Map<String, List<String>> sets = new LinkedHashMap<>();
        for (ImageConsensus c : images) {
            sets.put(c.image(), c.validLabels());
        }
        return Collections.unmodifiableMap(sets);
    }

    /**
     * @param pair a pair index of {@link #data()}
     * @return the pair's score
     */
    public double score(int pair) {
        return pairScore[pair];
    }

    /**
     * @param pair a pair index of {@link #data()}
     * @return whether the pair's label is valid for its image
     */
    public boolean isValid(int pair) {
        return pairValid[pair];
    }

    /**
     * @param image an image index of {@link #data()}
     * @return its main label index, or -1
     */
    public int mainLabel(int image) {
        return imageMain[image];
    }

    /** @return EM iterations run (0 for methods without EM) */
    public int iterations() {
        return iterations;
    }

    /** @return whether EM met the tolerance before the iteration cap (always true for methods without EM) */
    public boolean converged() {
        return converged;
    }

    /**
     * @return the log-likelihood of the presence answers under the fitted model at the last E-step (NaN for methods
     *     without a model)
     */
    public double logLikelihood() {
        return logLikelihood;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ConsensusResult r && method.equals(r.method) && params.equals(r.params)
                && iterations == r.iterations && converged == r.converged
                && Double.compare(logLikelihood, r.logLikelihood) == 0 && images.equals(r.images);
    }

    @Override
    public int hashCode() {
        return method.hashCode() * 31 + images.hashCode();
    }

    @Override
    public String toString() {
        return "ConsensusResult[method=" + method + ", params=" + params + ", images=" + images.size()
                + ", iterations=" + iterations + ", converged=" + converged + "]";
    }
}
