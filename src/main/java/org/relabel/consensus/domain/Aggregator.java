package org.relabel.consensus.domain;

import java.util.List;

/**
 * Turns a {@link JudgmentSet} into a per-image consensus: for every answered (image, label) pair a score and a
 * valid / not valid decision, and for every image a main label.
 *
 * <p>Implementations are stateless and thread-safe, and deterministic: the same judgments and parameters give an
 * identical {@link ConsensusResult} (bit for bit), whatever the order the judgments were added in.
 */
public interface Aggregator {

    /** @return the method name used in the API and in release manifests (e.g. {@code dawid-skene}) */
    String name();

    /** @return this method's default parameters (the threshold differs between methods) */
    AggregationParams defaultParams();

    /**
     * @param data   the judgments
     * @param params the parameters; see {@link AggregationParams} for which ones each method reads
     * @return the consensus of every image in {@code data}
     */
    ConsensusResult aggregate(JudgmentSet data, AggregationParams params);

    /**
     * @param data the judgments
     * @return the consensus with {@link #defaultParams()}
     */
    default ConsensusResult aggregate(JudgmentSet data) {
        return aggregate(data, defaultParams());
    }

    /** @return one instance of every aggregator, simplest first */
    static List<Aggregator> all() {
        return List.of(new SelectionFrequencyAggregator(), new MajorityAggregator(), new DawidSkeneAggregator(),
                new OneCoinDawidSkeneAggregator());
    }

    /**
     * @param name a method name as returned by {@link #name()}
     * @return the aggregator with that name
     * @throws IllegalArgumentException when there is none
     */
    static Aggregator byName(String name) {
        for (Aggregator aggregator : all()) {
            if (aggregator.name().equals(name)) {
                return aggregator;
            }
        }
        throw new IllegalArgumentException("unknown consensus method '" + name + "'; known: "
                + all().stream().map(Aggregator::name).toList());
    }
}
