package org.relabel.consensus.domain;

import java.util.Arrays;

/** Pieces shared by the aggregators: main-answer tables, tie-breaking, and assembling a result. */
final class ConsensusSupport {

    private ConsensusSupport() {
    }

    /**
     * The main answers grouped by image. Candidates of an image are the distinct labels chosen as its main label,
     * ascending; each main answer knows its candidate position.
     */
    static final class MainVotes {
        /** CSR from images into the candidate arrays. */
        final int[] imageStart;
        /** Per candidate: label index and number of votes. */
        final int[] candidateLabel;
        final int[] candidateVotes;
        /** CSR from images into the main answers; per main answer: annotator and candidate position (0-based). */
        final int[] answerStart;
        final int[] answerAnnotator;
        final int[] answerCandidate;

        MainVotes(JudgmentSet data) {
            int nImages = data.imageCount();
            imageStart = new int[nImages + 1];
            answerStart = new int[nImages + 1];
            int total = 0;
            for (int r = 0; r < data.responseCount(); r++) {
                total += data.responseMain(r) >= 0 ? 1 : 0;
            }
            int[] labels = new int[total];
            int[] votes = new int[total];
            answerAnnotator = new int[total];
            answerCandidate = new int[total];
            int nCandidates = 0;
            int nAnswers = 0;
            int[] scratch = new int[16];
            for (int i = 0; i < nImages && total > 0; i++) {
                int n = 0;
                for (int r = data.imageResponseStart(i); r < data.imageResponseEnd(i); r++) {
                    int m = data.responseMain(r);
                    if (m >= 0) {
                        if (n == scratch.length) {
                            scratch = Arrays.copyOf(scratch, 2 * n);
                        }
                        scratch[n++] = m;
                    }
                }
                Arrays.sort(scratch, 0, n);
                int from = nCandidates;
                for (int x = 0; x < n; x++) {
                    if (x == 0 || scratch[x] != scratch[x - 1]) {
                        labels[nCandidates++] = scratch[x];
                    }
                    votes[nCandidates - 1]++;
                }
                for (int r = data.imageResponseStart(i); r < data.imageResponseEnd(i); r++) {
                    int m = data.responseMain(r);
                    if (m >= 0) {
                        answerAnnotator[nAnswers] = data.responseAnnotator(r);
                        answerCandidate[nAnswers++] = Arrays.binarySearch(labels, from, nCandidates, m) - from;
                    }
                }
                imageStart[i + 1] = nCandidates;
                answerStart[i + 1] = nAnswers;
            }
            if (total == 0) {
                Arrays.fill(imageStart, 0);
                Arrays.fill(answerStart, 0);
            }
            candidateLabel = Arrays.copyOf(labels, nCandidates);
            candidateVotes = Arrays.copyOf(votes, nCandidates);
        }

        int answers() {
            return answerAnnotator.length;
        }

        /** @return the distinct labels chosen as a main label anywhere, ascending */
        int[] classes() {
            return Arrays.stream(candidateLabel).sorted().distinct().toArray();
        }
    }

    /**
     * A fitted main-label model: per candidate (aligned with {@link MainVotes#candidateLabel}) the weight of the
     * candidate being the main label, summing to 1 over each image's candidates.
     */
    record MainFit(double[] weight, boolean converged) {
    }

    /** @return the plurality model: each candidate's share of its image's main answers */
    static MainFit voteShares(MainVotes votes) {
        double[] share = new double[votes.candidateLabel.length];
        for (int i = 0; i + 1 < votes.imageStart.length; i++) {
            int n = votes.answerStart[i + 1] - votes.answerStart[i];
            for (int c = votes.imageStart[i]; c < votes.imageStart[i + 1]; c++) {
                share[c] = (double) votes.candidateVotes[c] / n;
            }
        }
        return new MainFit(share, true);
    }

    /**
     * Completes and wraps a result.
     *
     * <p>Main label of an image: among its main-answer candidates whose label is <em>valid</em>, the one with the
     * highest weight; ties go to the higher presence score, then to the smaller key; its weight (posterior or vote
     * share) joins the image's confidence. When no candidate is valid (or there are no main answers): the valid
     * label with the highest score (ties: smaller key), which does not join the confidence. When nothing is valid:
     * none. So a main label is always one of the valid labels.
     *
     * @param mainFit the main-label weights, or null when there are no main answers
     */
    static ConsensusResult assemble(JudgmentSet data, String method, AggregationParams params, boolean probabilistic,
                                    double[] score, boolean[] valid, MainVotes votes, MainFit mainFit,
                                    int iterations, boolean converged, double logLikelihood) {
        int nImages = data.imageCount();
        int[] main = new int[nImages];
        double[] confidence = new double[nImages];
        for (int i = 0; i < nImages; i++) {
            double weakest = Double.POSITIVE_INFINITY;
            int fallback = -1;
            for (int p = data.imagePairStart(i); p < data.imagePairEnd(i); p++) {
                weakest = Math.min(weakest, valid[p] ? score[p] : 1 - score[p]);
                if (valid[p] && (fallback < 0 || score[p] > score[fallback])) {
                    fallback = p; // pairs are in label order, so on a tie the smaller key stays
                }
            }
            int best = -1;
            double bestScore = 0;
            if (mainFit != null) {
                for (int c = votes.imageStart[i]; c < votes.imageStart[i + 1]; c++) {
                    int p = data.pairIndex(i, votes.candidateLabel[c]);
                    if (p < 0 || !valid[p]) {
                        continue;
                    }
                    // candidates are in label order: a later one wins only with a larger weight or, on an exact
                    // tie, a larger presence score
                    double w = mainFit.weight()[c];
                    double bestWeight = best < 0 ? 0 : mainFit.weight()[best];
                    if (best < 0 || w > bestWeight || (w == bestWeight && score[p] > bestScore)) {
                        best = c;
                        bestScore = score[p];
                    }
                }
            }
            if (best >= 0) {
                main[i] = votes.candidateLabel[best];
                weakest = Math.min(weakest, mainFit.weight()[best]);
            } else {
                main[i] = fallback < 0 ? -1 : data.pairLabel(fallback);
            }
            confidence[i] = weakest == Double.POSITIVE_INFINITY ? 0 : weakest;
        }
        return new ConsensusResult(data, method, params, probabilistic, score, valid, main, confidence, iterations,
                converged, logLikelihood);
    }

    /** @return log(x) for x floored at 1e-300, so that an impossible event stays finite */
    static double safeLog(double x) {
        return Math.log(Math.max(x, 1e-300));
    }
}
