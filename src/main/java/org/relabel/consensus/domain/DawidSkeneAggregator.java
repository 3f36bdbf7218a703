package org.relabel.consensus.domain;

import java.util.Arrays;

/**
 * Dawid-Skene: one full confusion matrix per annotator, fitted by EM (A. P. Dawid and A. M. Skene, "Maximum
 * Likelihood Estimation of Observer Error-Rates Using the EM Algorithm", Applied Statistics 28(1), 1979). This is
 * how the ReaL labels were derived (Beyer et al., "Are we done with ImageNet?", 2020).
 *
 * <p><b>Presence model</b> (one item per answered (image, label) pair). The true state is
 * {@code z in {absent, present}} ({@code K = 2}); annotator w answers {@code y in {no, yes, maybe}} ({@code L = 3})
 * with probability {@code e_w[z, y]}; the prior is {@code rho = P(present)}. With {@code T_p = P(z_p = present |
 * answers)}:
 * <pre>
 *   E-step:  log T_p1 = log rho     + sum_{(w, y) answering p} log e_w[present, y]
 *            log T_p0 = log(1 - rho) + sum_{(w, y) answering p} log e_w[absent, y]      T_p = T_p1 / (T_p0 + T_p1)
 *   M-step:  rho = (sum_p T_p + a/2) / (P + a)
 *            e_w[present, y] = (sum_{p: w answered y} T_p       + a/3) / (sum_{p: w answered} T_p       + a)
 *            e_w[absent,  y] = (sum_{p: w answered y} (1 - T_p) + a/3) / (sum_{p: w answered} (1 - T_p) + a)
 * </pre>
 * with {@code a} = {@link AggregationParams#smoothing()}. EM starts from the selection frequencies
 * ({@code T_p = n_yes / n_shown}), runs M-step then E-step, in log space (log-sum-exp), and stops when no
 * {@code T_p} moved by {@link AggregationParams#tolerance()} or more, or after
 * {@link AggregationParams#maxIterations()}. A label is valid when {@code T_p >= threshold} (default 0.8, as ReaL);
 * its score is {@code T_p}. The reported log-likelihood is {@code sum_p log(T_p0 + T_p1)} (unnormalised T) at the
 * last E-step.
 *
 * <p><b>Main label model</b> (one item per image with main answers), the categorical model of the same paper: true
 * main class {@code z_i in {1..K}}, answer {@code y in {1..K}}, {@code K = L =} the labels ever chosen as a main
 * label, confusion {@code e_w[k, y]}, prior {@code p_k}. To stay linear in the data, an image's posterior is kept
 * only over its <em>candidates</em>, the labels some annotator chose as its main label (a label nobody chose gets
 * posterior 0); confusion cells are stored sparsely:
 * <pre>
 *   E-step:  log T_ik = log p_k + sum_{(w, y) main answers on i} log e_w[k, y]    (k in candidates(i)), normalised
 *   M-step:  p_k = (sum_i T_ik + a/K) / (N + a)
 *            c_w[k, y] = sum_{i: w answered y} T_ik
 *            e_w[k, y] = (c_w[k, y] + a/K + b q_w[k, y]) / (sum_y' c_w[k, y'] + a + b)
 *            q_w[k, k] = acc_w,   q_w[k, y] = (1 - acc_w) / (K - 1) for y != k
 *            acc_w = (sum_k c_w[k, k] + 1) / (sum_{k, y} c_w[k, y] + 2)
 * </pre>
 * initialised from the vote shares. With many classes a full K x K matrix per annotator has far more parameters
 * than answers (ImageNet: 1,000 x 1,000), and plain EM overfits rows seen a handful of times. So each row gets a
 * Dirichlet prior of strength {@code b} ({@link #mainPriorStrength()}, default {@value #DEFAULT_MAIN_PRIOR_STRENGTH}
 * pseudo-answers) centred on the annotator's one-coin confusion {@code q_w} (their overall accuracy, estimated in the
 * same M-step): rows with many more than {@code b} answers follow their own counts as in the original model, rows
 * with few fall back to the annotator's overall accuracy. {@code b = 0} gives the original maximum-likelihood model.
 *
 * <p>The main label is the <em>valid</em> candidate with the highest posterior (exact ties: higher presence
 * posterior, then smaller key), and its posterior joins the image's confidence. When no candidate is valid, or
 * there are no main answers: the valid label with the highest presence posterior (ties: smaller key), or none when
 * nothing is valid. A main label is thus always a valid label.
 *
 * <p>Cost: O(answers) per iteration for presence (a few nanoseconds per answer: 50 iterations over 1,000,000 answers
 * took about 0.35 s of CPU on a busy 2-core machine, see {@code org.relabel.bench.ConsensusBenchmark}) and
 * O(main answers x candidates per image) per iteration for the main label; memory O(answers + annotators + sparse
 * cells).
 */
public final class DawidSkeneAggregator implements Aggregator {

    /** Method name: {@value}. */
    public static final String NAME = "dawid-skene";

    /** Default {@link #mainPriorStrength()}: pseudo-answers per confusion row of the main label model. */
    public static final double DEFAULT_MAIN_PRIOR_STRENGTH = 20;

    private final double mainPriorStrength;

    /** A Dawid-Skene aggregator with the default main-label prior strength. */
    public DawidSkeneAggregator() {
        this(DEFAULT_MAIN_PRIOR_STRENGTH);
    }

    /**
     * @param mainPriorStrength pseudo-answers per confusion row of the main label model pulling it towards the
     *                          annotator's one-coin confusion (0 = plain maximum likelihood); at least 0
     */
    public DawidSkeneAggregator(double mainPriorStrength) {
        if (!(mainPriorStrength >= 0) || Double.isInfinite(mainPriorStrength)) {
            throw new IllegalArgumentException("mainPriorStrength must be a finite number at least 0");
        }
        this.mainPriorStrength = mainPriorStrength;
    }

    /** @return pseudo-answers per confusion row of the main label model (see the class comment) */
    public double mainPriorStrength() {
        return mainPriorStrength;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public AggregationParams defaultParams() {
        return AggregationParams.of(0.8);
    }

    @Override
    public ConsensusResult aggregate(JudgmentSet data, AggregationParams params) {
        PresenceEm.Fit fit = PresenceEm.fit(data, params, FULL_CONFUSION);
        double[] posterior = fit.posterior;
        boolean[] valid = new boolean[posterior.length];
        for (int p = 0; p < posterior.length; p++) {
            valid[p] = posterior[p] >= params.threshold();
        }
        ConsensusSupport.MainVotes votes = new ConsensusSupport.MainVotes(data);
        ConsensusSupport.MainFit mainFit =
                votes.answers() > 0 ? fitMain(data, votes, params, mainPriorStrength) : null;
        boolean converged = fit.converged && (mainFit == null || mainFit.converged());
        return ConsensusSupport.assemble(data, NAME, params, true, posterior, valid, votes, mainFit,
                fit.iterations, converged, fit.logLikelihood);
    }

    /** Full confusion rows: {@code e_w[z, y] = (count + a/3) / (row total + a)}. */
    static final PresenceEm.MStep FULL_CONFUSION = (count, logE, params) -> {
        double a = params.smoothing();
        double cellPrior = a / Answer.COUNT;
        double uniform = Math.log(1.0 / Answer.COUNT);
        for (int row = 0; row < count.length; row += Answer.COUNT) {
            double total = count[row] + count[row + 1] + count[row + 2] + a;
            for (int y = 0; y < Answer.COUNT; y++) {
                logE[row + y] = total > 0 ? ConsensusSupport.safeLog((count[row + y] + cellPrior) / total) : uniform;
            }
        }
    };

    /** Categorical Dawid-Skene over each image's main-label candidates; fills main and its posterior. */
    static ConsensusSupport.MainFit fitMain(JudgmentSet data, ConsensusSupport.MainVotes votes,
                                            AggregationParams params, double priorStrength) {
        int nImages = data.imageCount();
        int[] classes = votes.classes();
        int nClasses = classes.length;
        int[] classOfLabel = new int[data.labelCount()];
        Arrays.fill(classOfLabel, -1);
        for (int k = 0; k < nClasses; k++) {
            classOfLabel[classes[k]] = k;
        }
        int[] candidateClass = new int[votes.candidateLabel.length];
        for (int c = 0; c < candidateClass.length; c++) {
            candidateClass[c] = classOfLabel[votes.candidateLabel[c]];
        }
        // sparse confusion cells (w, k, y), one position per (main answer, candidate of its image)
        int positions = 0;
        for (int i = 0; i < nImages; i++) {
            int answers = votes.answerStart[i + 1] - votes.answerStart[i];
            positions += answers * (votes.imageStart[i + 1] - votes.imageStart[i]);
        }
        LongIndex cellIds = new LongIndex(positions);
        LongIndex rowIds = new LongIndex(positions);
        JudgmentSet.IntList cellRow = new JudgmentSet.IntList();
        JudgmentSet.IntList cellDiagonal = new JudgmentSet.IntList();
        JudgmentSet.IntList rowAnnotator = new JudgmentSet.IntList();
        int[] at = new int[positions];
        int pos = 0;
        int items = 0;
        for (int i = 0; i < nImages; i++) {
            int from = votes.imageStart[i];
            int to = votes.imageStart[i + 1];
            if (from == to) {
                continue;
            }
            items++;
            for (int j = votes.answerStart[i]; j < votes.answerStart[i + 1]; j++) {
                long w = votes.answerAnnotator[j];
                int y = candidateClass[from + votes.answerCandidate[j]];
                for (int c = from; c < to; c++) {
                    long row = w * nClasses + candidateClass[c];
                    int cells = cellIds.size();
                    int id = cellIds.idOf(row * nClasses + y);
                    if (id == cells) {
                        int rows = rowIds.size();
                        int rowId = rowIds.idOf(row);
                        if (rowId == rows) {
                            rowAnnotator.add((int) w);
                        }
                        cellRow.add(rowId);
                        cellDiagonal.add(candidateClass[c] == y ? 1 : 0);
                    }
                    at[pos++] = id;
                }
            }
        }
        int[] rowOf = cellRow.toArray();
        int[] annotatorOfRow = rowAnnotator.toArray();
        int[] diagonal = cellDiagonal.toArray();
        double[] diagonalMass = new double[data.annotatorCount()];
        double[] annotatorMass = new double[data.annotatorCount()];
        double[] t = new double[votes.candidateLabel.length];
        for (int i = 0; i < nImages; i++) {
            int n = votes.answerStart[i + 1] - votes.answerStart[i];
            for (int c = votes.imageStart[i]; c < votes.imageStart[i + 1]; c++) {
                t[c] = (double) votes.candidateVotes[c] / n;
            }
        }
        double a = params.smoothing();
        double cellPrior = a / nClasses;
        double uniform = Math.log(1.0 / nClasses);
        double[] count = new double[rowOf.length];
        double[] rowTotal = new double[rowIds.size()];
        double[] logE = new double[rowOf.length];
        double[] classMass = new double[nClasses];
        double[] logPrior = new double[nClasses];
        double[] s = new double[votes.candidateLabel.length];
        boolean converged = false;
        for (int iteration = 0; iteration < params.maxIterations(); iteration++) {
            Arrays.fill(count, 0);
            Arrays.fill(rowTotal, 0);
            Arrays.fill(classMass, 0);
            pos = 0;
            for (int i = 0; i < nImages; i++) {
                int from = votes.imageStart[i];
                int to = votes.imageStart[i + 1];
                for (int c = from; c < to; c++) {
                    classMass[candidateClass[c]] += t[c];
                }
                for (int j = votes.answerStart[i]; j < votes.answerStart[i + 1]; j++) {
                    for (int c = from; c < to; c++) {
                        count[at[pos++]] += t[c];
                    }
                }
            }
            for (int cell = 0; cell < count.length; cell++) {
                rowTotal[rowOf[cell]] += count[cell];
            }
            for (int k = 0; k < nClasses; k++) {
                logPrior[k] = ConsensusSupport.safeLog((classMass[k] + cellPrior) / (items + a));
            }
            Arrays.fill(diagonalMass, 0);
            Arrays.fill(annotatorMass, 0);
            for (int cell = 0; cell < count.length; cell++) {
                int w = annotatorOfRow[rowOf[cell]];
                annotatorMass[w] += count[cell];
                diagonalMass[w] += diagonal[cell] == 1 ? count[cell] : 0;
            }
            for (int cell = 0; cell < count.length; cell++) {
                int w = annotatorOfRow[rowOf[cell]];
                double accuracy = (diagonalMass[w] + 1) / (annotatorMass[w] + 2);
                double q = diagonal[cell] == 1 ? accuracy : (1 - accuracy) / Math.max(1, nClasses - 1);
                double total = rowTotal[rowOf[cell]] + a + priorStrength;
                logE[cell] = total > 0
                        ? ConsensusSupport.safeLog((count[cell] + cellPrior + priorStrength * q) / total) : uniform;
            }
            pos = 0;
            double delta = 0;
            for (int i = 0; i < nImages; i++) {
                int from = votes.imageStart[i];
                int to = votes.imageStart[i + 1];
                if (from == to) {
                    continue;
                }
                for (int c = from; c < to; c++) {
                    s[c] = logPrior[candidateClass[c]];
                }
                for (int j = votes.answerStart[i]; j < votes.answerStart[i + 1]; j++) {
                    for (int c = from; c < to; c++) {
                        s[c] += logE[at[pos++]];
                    }
                }
                delta = Math.max(delta, normalise(s, t, from, to));
            }
            if (delta < params.tolerance()) {
                converged = true;
                break;
            }
        }
        return new ConsensusSupport.MainFit(t, converged);
    }

    /** Softmax of log-weights s[from..to) into t, returning the largest change of t. */
    static double normalise(double[] s, double[] t, int from, int to) {
        double max = Double.NEGATIVE_INFINITY;
        for (int c = from; c < to; c++) {
            max = Math.max(max, s[c]);
        }
        double sum = 0;
        for (int c = from; c < to; c++) {
            s[c] = Math.exp(s[c] - max);
            sum += s[c];
        }
        double delta = 0;
        for (int c = from; c < to; c++) {
            double v = s[c] / sum;
            delta = Math.max(delta, Math.abs(v - t[c]));
            t[c] = v;
        }
        return delta;
    }
}
