package org.relabel.consensus.domain;

import java.util.Arrays;

/**
 * The EM loop shared by the presence models: two true states (absent, present) per answered (image, label) pair, a
 * prior {@code rho = P(present)}, and per annotator a table {@code e_w[z, y]} of answer probabilities given the
 * state. The models differ only in how their M-step turns soft counts into that table, see {@link MStep}.
 *
 * <p>Layout: the soft counts and the log table are flat arrays indexed {@code w * 6 + z * 3 + y} (z = 0 absent,
 * 1 present; y = {@link Answer#code()}). One iteration is an M-step followed by an E-step; the E-step also gathers
 * the next M-step's counts while each pair's answers are in cache, so an iteration reads the answers once.
 * Summation order is fixed (pairs, then answers, in index order), so results are bit-for-bit reproducible.
 */
final class PresenceEm {

    /** Cells per annotator: 2 states x 3 answers. */
    static final int CELLS = 2 * Answer.COUNT;

    private PresenceEm() {
    }

    /** A model's M-step for the annotator tables. */
    interface MStep {
        /**
         * @param count  soft counts: {@code count[w * 6 + z * 3 + y] = sum over pairs w answered y of P(z)}
         * @param logE   filled with {@code log e_w[z, y]} at the same indices
         * @param params the parameters (smoothing)
         */
        void logConfusion(double[] count, double[] logE, AggregationParams params);
    }

    /** The fitted posteriors and fit statistics. */
    static final class Fit {
        double[] posterior;
        int iterations;
        boolean converged;
        double logLikelihood = Double.NaN;
    }

    /**
     * Runs EM from the selection frequencies until no posterior moves by the tolerance or the iteration cap.
     *
     * @return per pair the posterior probability of presence, with the fit statistics
     */
    static Fit fit(JudgmentSet data, AggregationParams params, MStep mStep) {
        int nPairs = data.pairCount();
        int nAnswers = data.answerCount();
        int[] start = data.pairStart;
        Fit fit = new Fit();
        double[] t = new double[nPairs];
        fit.posterior = t;
        for (int p = 0; p < nPairs; p++) {
            t[p] = data.selectionFrequency(p);
        }
        if (nPairs == 0) {
            fit.converged = true;
            return fit;
        }
        // cell[k]: index of e_w[absent, y] for answer k; e_w[present, y] is cell[k] + 3
        int[] cell = new int[nAnswers];
        int[] annotator = data.answerAnnotator;
        byte[] code = data.answerCode;
        for (int k = 0; k < nAnswers; k++) {
            cell[k] = annotator[k] * CELLS + code[k];
        }
        double a = params.smoothing();
        double[] count = new double[data.annotatorCount() * CELLS];
        double[] next = new double[count.length];
        double[] logE = new double[count.length];
        // counts for the first M-step come from the initial T; later ones are gathered during the E-step
        double mass = 0;
        for (int p = 0; p < nPairs; p++) {
            double present = t[p];
            mass += present;
            for (int k = start[p], end = start[p + 1]; k < end; k++) {
                int c = cell[k];
                count[c] += 1 - present;
                count[c + 3] += present;
            }
        }
        while (fit.iterations < params.maxIterations()) {
            // M-step
            double rho = (mass + a / 2) / (nPairs + a);
            mStep.logConfusion(count, logE, params);
            double logPresent = ConsensusSupport.safeLog(rho);
            double logAbsent = ConsensusSupport.safeLog(1 - rho);
            // E-step
            double logLikelihood = 0;
            double delta = 0;
            mass = 0;
            Arrays.fill(next, 0);
            for (int p = 0; p < nPairs; p++) {
                int from = start[p];
                int to = start[p + 1];
                double s0 = logAbsent;
                double s1 = logPresent;
                for (int k = from; k < to; k++) {
                    int c = cell[k];
                    s0 += logE[c];
                    s1 += logE[c + 3];
                }
                double d = s1 - s0;
                double e = Math.exp(-Math.abs(d));
                double present = d >= 0 ? 1 / (1 + e) : e / (1 + e);
                logLikelihood += Math.max(s0, s1) + Math.log(1 + e);
                delta = Math.max(delta, Math.abs(present - t[p]));
                t[p] = present;
                mass += present;
                double absent = 1 - present;
                for (int k = from; k < to; k++) {
                    int c = cell[k];
                    next[c] += absent;
                    next[c + 3] += present;
                }
            }
            double[] swap = count;
            count = next;
            next = swap;
            fit.iterations++;
            fit.logLikelihood = logLikelihood;
            if (delta < params.tolerance()) {
                fit.converged = true;
                break;
            }
        }
        return fit;
    }
}
