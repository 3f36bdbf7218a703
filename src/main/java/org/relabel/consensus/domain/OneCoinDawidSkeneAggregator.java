package org.relabel.consensus.domain;

import java.util.Arrays;

/**
 * One-coin Dawid-Skene: the lighter variant of {@link DawidSkeneAggregator} with a single accuracy parameter per
 * annotator instead of a full confusion matrix (the symmetric "one-coin" model; see e.g. Raykar et al., "Learning
 * From Crowds", JMLR 11, 2010, and Zhang et al., "Spectral Methods Meet EM", JMLR 17, 2016). It needs far fewer
 * answers per annotator to estimate, at the price of treating both kinds of error alike: it cannot describe
 * one-sided errors, so an annotator who says yes to everything looks like a poor coin whose yes even counts as
 * evidence of absence. Prefer {@link DawidSkeneAggregator} when such annotators may be present.
 *
 * <p><b>Presence model.</b> Annotator w is right with probability {@code a_w} whatever the truth:
 * {@code P(yes | present) = P(no | absent) = a_w}. MAYBE carries no evidence in this model (it is left out of the
 * likelihood but still counts as shown for the selection frequency). With prior {@code rho = P(present)}:
 * <pre>
 *   E-step:  logit T_p = logit rho + sum_{w: yes on p} logit a_w - sum_{w: no on p} logit a_w
 *   M-step:  rho = (sum_p T_p + s/2) / (P + s)
 *            a_w = (sum_{p: w said yes} T_p + sum_{p: w said no} (1 - T_p) + s/2) / (n_w + s)
 * </pre>
 * with {@code n_w} the annotator's yes/no answers and {@code s} = {@link AggregationParams#smoothing()}. EM starts
 * from the selection frequencies and stops as in {@link DawidSkeneAggregator}; valid when {@code T_p >= threshold}
 * (default 0.8).
 *
 * <p><b>Main label model.</b> A separate coin per annotator, {@code P(y = k | z = k) = b_w} and
 * {@code P(y = j | z = k) = (1 - b_w) / (K - 1)} for {@code j != k}, over the {@code K} labels ever chosen as a main
 * label, posterior kept over each image's candidates (labels some annotator chose for it):
 * <pre>
 *   E-step:  log T_ik = log p_k + sum_{(w, y) on i} ( [y = k] log b_w + [y != k] log((1 - b_w) / (K - 1)) )
 *   M-step:  p_k = (sum_i T_ik + s/K) / (N + s),   b_w = (sum_{(i, y) by w} T_iy + s/2) / (m_w + s)
 * </pre>
 * Main label, ties and fallback as in {@link DawidSkeneAggregator}.
 */
public final class OneCoinDawidSkeneAggregator implements Aggregator {

    /** Method name: {@value}. */
    public static final String NAME = "one-coin-dawid-skene";

    /** Accuracies are kept in [EPS, 1 - EPS] so that logits stay finite. */
    private static final double EPS = 1e-9;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregationParams defaultParams() {
        return AggregationParams.of(0.8);
    }

    /**
     * One coin per annotator from the soft counts: right answers are yes-given-present plus no-given-absent;
     * {@code log e_w} holds {@code log a_w} / {@code log(1 - a_w)} for yes and no, and 0 for MAYBE (no evidence).
     */
    static final PresenceEm.MStep ONE_COIN = (count, logE, params) -> {
        double s = params.smoothing();
        int yes = Answer.YES.code();
        int no = Answer.NO.code();
        for (int base = 0; base < count.length; base += PresenceEm.CELLS) {
            int absent = base;
            int present = base + Answer.COUNT;
            double right = count[present + yes] + count[absent + no];
            double definite = right + count[present + no] + count[absent + yes];
            double total = definite + s;
            double accuracy = total > 0 ? (right + s / 2) / total : 0.5;
            accuracy = Math.min(1 - EPS, Math.max(EPS, accuracy));
            double logRight = Math.log(accuracy);
            double logWrong = Math.log(1 - accuracy);
            logE[present + yes] = logRight;
            logE[present + no] = logWrong;
            logE[absent + no] = logRight;
            logE[absent + yes] = logWrong;
            logE[present + Answer.MAYBE.code()] = 0;
            logE[absent + Answer.MAYBE.code()] = 0;
        }
    };

    @Override
    public ConsensusResult aggregate(JudgmentSet data, AggregationParams params) {
        PresenceEm.Fit fit = PresenceEm.fit(data, params, ONE_COIN);
        double[] t = fit.posterior;
        boolean[] valid = new boolean[t.length];
        for (int p = 0; p < t.length; p++) {
            valid[p] = t[p] >= params.threshold();
        }
        ConsensusSupport.MainVotes votes = new ConsensusSupport.MainVotes(data);
        ConsensusSupport.MainFit mainFit = votes.answers() > 0 ? fitMain(data, votes, params) : null;
        boolean converged = fit.converged && (mainFit == null || mainFit.converged());
        return ConsensusSupport.assemble(data, NAME, params, true, t, valid, votes, mainFit, fit.iterations,
                converged, fit.logLikelihood);
    }

    private static ConsensusSupport.MainFit fitMain(JudgmentSet data, ConsensusSupport.MainVotes votes,
                                                    AggregationParams params) {
        int nImages = data.imageCount();
        int nAnnotators = data.annotatorCount();
        int[] classes = votes.classes();
        int nClasses = classes.length;
        int[] classOfLabel = new int[data.labelCount()];
        for (int k = 0; k < nClasses; k++) {
            classOfLabel[classes[k]] = k;
        }
        double s = params.smoothing();
        double[] t = new double[votes.candidateLabel.length];
        int[] answers = new int[nAnnotators];
        int items = 0;
        for (int i = 0; i < nImages; i++) {
            int n = votes.answerStart[i + 1] - votes.answerStart[i];
            items += n > 0 ? 1 : 0;
            for (int c = votes.imageStart[i]; c < votes.imageStart[i + 1]; c++) {
                t[c] = (double) votes.candidateVotes[c] / n;
            }
            for (int j = votes.answerStart[i]; j < votes.answerStart[i + 1]; j++) {
                answers[votes.answerAnnotator[j]]++;
            }
        }
        boolean converged = false;
        if (nClasses < 2) {
            converged = true; // one class: every image's only candidate has posterior 1
        }
        double[] right = new double[nAnnotators];
        double[] logB = new double[nAnnotators];
        double[] logWrong = new double[nAnnotators];
        double[] classMass = new double[nClasses];
        double[] logPrior = new double[nClasses];
        double[] score = new double[t.length];
        for (int iteration = 0; !converged && iteration < params.maxIterations(); iteration++) {
            Arrays.fill(right, 0);
            Arrays.fill(classMass, 0);
            for (int i = 0; i < nImages; i++) {
                int from = votes.imageStart[i];
                for (int c = from; c < votes.imageStart[i + 1]; c++) {
                    classMass[classOfLabel[votes.candidateLabel[c]]] += t[c];
                }
                for (int j = votes.answerStart[i]; j < votes.answerStart[i + 1]; j++) {
                    right[votes.answerAnnotator[j]] += t[from + votes.answerCandidate[j]];
                }
            }
            for (int k = 0; k < nClasses; k++) {
                logPrior[k] = ConsensusSupport.safeLog((classMass[k] + s / nClasses) / (items + s));
            }
            for (int w = 0; w < nAnnotators; w++) {
                double total = answers[w] + s;
                double b = total > 0 ? (right[w] + s / 2) / total : 0.5;
                b = Math.min(1 - EPS, Math.max(EPS, b));
                logB[w] = Math.log(b);
                logWrong[w] = Math.log((1 - b) / (nClasses - 1));
            }
            double delta = 0;
            for (int i = 0; i < nImages; i++) {
                int from = votes.imageStart[i];
                int to = votes.imageStart[i + 1];
                if (from == to) {
                    continue;
                }
                for (int c = from; c < to; c++) {
                    score[c] = logPrior[classOfLabel[votes.candidateLabel[c]]];
                }
                for (int j = votes.answerStart[i]; j < votes.answerStart[i + 1]; j++) {
                    int w = votes.answerAnnotator[j];
                    int chosen = from + votes.answerCandidate[j];
                    for (int c = from; c < to; c++) {
                        score[c] += c == chosen ? logB[w] : logWrong[w];
                    }
                }
                delta = Math.max(delta, DawidSkeneAggregator.normalise(score, t, from, to));
            }
            converged = delta < params.tolerance();
        }
        return new ConsensusSupport.MainFit(t, converged);
    }
}
