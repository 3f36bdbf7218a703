package org.relabel.consensus.domain;

/**
 * Plurality vote.
 *
 * <p>Model: none; every annotator counts the same. For each (image, label) pair the three answers yes / no / maybe
 * are counted; the label is valid when YES is the strict plurality answer:
 * <pre>  valid(i, l)  iff  n_yes &gt; n_no  and  n_yes &gt; n_maybe</pre>
 * A tie involving YES is decided against presence (conservative). The score of a pair is its selection frequency
 * {@code n_yes / n_shown}, reported for comparison; it does not decide validity, and the threshold is not read.
 *
 * <p>Main label: the valid label chosen most often as main label; ties go to the higher selection frequency, then
 * to the smaller key; its vote share joins the image's confidence. When no valid label got a main vote, or there
 * are no main answers: the valid label with the highest selection frequency (ties: smaller key), or none when
 * nothing is valid.
 */
public final class MajorityAggregator implements Aggregator {

    /** Method name: {@value}. */
    public static final String NAME = "majority";

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
            int yes = data.yesCount(p);
            score[p] = data.selectionFrequency(p);
            valid[p] = yes > data.noCount(p) && yes > data.maybeCount(p);
        }
        ConsensusSupport.MainVotes votes = new ConsensusSupport.MainVotes(data);
        ConsensusSupport.MainFit shares = votes.answers() > 0 ? ConsensusSupport.voteShares(votes) : null;
        return ConsensusSupport.assemble(data, NAME, params, false, score, valid, votes, shares, 0, true, Double.NaN);
    }
}
