/**
 * Consensus: aggregation of crowd judgments into per-image consensus (pure Java, no framework types).
 *
 * <p>Data flows in three steps:
 * <ol>
 *   <li>{@link org.relabel.consensus.domain.JudgmentSet.Builder} takes judgments from either source, per-label answers
 *       ({@link org.relabel.consensus.domain.LabelJudgment}, ReaL style) or per-image responses
 *       ({@link org.relabel.consensus.domain.ImageResponse}, CLASSIFY style), and packs them into primitive arrays;</li>
 *   <li>an {@link org.relabel.consensus.domain.Aggregator} (selection frequency, majority, Dawid-Skene, one-coin
 *       Dawid-Skene) turns a {@link org.relabel.consensus.domain.JudgmentSet} into a
 *       {@link org.relabel.consensus.domain.ConsensusResult} of {@link org.relabel.consensus.domain.ImageConsensus} records;</li>
 *   <li>{@link org.relabel.consensus.domain.AnnotatorQuality} and {@link org.relabel.consensus.domain.Agreement} measure the
 *       annotators and the agreement between them.</li>
 * </ol>
 * Everything is deterministic: keys are put in lexicographic order when the set is built, so the same
 * judgments give bit-identical results whatever the input order.
 */
package org.relabel.consensus.domain;
