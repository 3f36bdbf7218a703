package org.relabel.consensus.domain;

/**
 * Selection frequency (Recht et al. 2019, "Do ImageNet Classifiers Generalize to ImageNet?"; Tsipras et al. 2020,
 * "From ImageNet to Image Classification").
 *
 * <p>Model: none; every annotator counts the same. For an image i and label l,
 * <pre>  SF(i, l) = n_present(i, l) / n_shown(i, l)</pre>
 * where {@code n_shown} counts every answer on the pair (a MAYBE answer counts as shown, not present). The label is
 * valid when {@code SF >= threshold} (default 0.5; ImageNetV2 used 0.7). The score of a pair is its SF.
 *
 * <p>Main label: the valid label chosen most often as main label; ties go to the higher SF, then to the smaller
 * key; its vote share joins the image's confidence. When no valid label got a main vote, or there are no main
 * answers: the valid label with the highest SF (ties: smaller key), or none when nothing is valid.
 *
 * <p>Reads {@link AggregationParams#threshold()} only.
 */
public final class SelectionFrequencyAggregator implements Aggregator {

    /** Method name: {@value}. */
    public static final String NAME = "selection-frequency";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregationParams defaultParams() {
        return AggregationParams.of(0.5);
    }

    @Override
    public ConsensusResult aggregate(JudgmentSet data, AggregationParams params) {
        int nPairs = data.pairCount();
        double[] score = new double[nPairs];
        boolean[] valid = new boolean[nPairs];
        for (int p = 0; p < nPairs; p++) {
            score[p] = data.selectionFrequency(p);
            valid[p] = score[p] >= params.threshold();
        }
        ConsensusSupport.MainVotes votes = new ConsensusSupport.MainVotes(data);
        ConsensusSupport.MainFit shares = votes.answers() > 0 ? ConsensusSupport.voteShares(votes) : null;
        return ConsensusSupport.assemble(data, NAME, params, false, score, valid, votes, shares, 0, true, Double.NaN);
    }
}
