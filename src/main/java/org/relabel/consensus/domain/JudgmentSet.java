package org.relabel.consensus.domain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An immutable, indexed set of judgments: every presence answer of every annotator on every (image, label) pair,
 * plus the per-image responses (main label, flags, time) and the gold answers.
 *
 * <p><b>Layout.</b> Keys are strings only at the boundary. Images, labels and annotators are interned to dense
 * indices {@code 0..n-1} in <em>lexicographic key order</em>, and the answers are stored in primitive arrays sorted
 * by (image, label, annotator), so results never depend on the order the judgments were added or on hash order.
 * A <em>pair</em> is one (image, label) that received at least one answer; pairs are numbered in (image, label)
 * order and the answers of pair {@code p} are {@code pairStart(p) .. pairEnd(p) - 1}. The pairs of image {@code i}
 * are {@code imagePairStart(i) .. imagePairEnd(i) - 1}, and its responses {@code imageResponseStart(i) ..
 * imageResponseEnd(i) - 1}. Memory is about 5 bytes per answer plus 20 per pair and 21 per response: 2.5 million
 * answers on 500,000 pairs from 250,000 responses take about 29 MB ({@link #arrayBytes()}).
 *
 * <p><b>Duplicates.</b> When one annotator answers the same (image, label) more than once, the answer added last
 * wins (and {@link #replacedAnswers()} counts the others); likewise for two responses by one annotator on one image.
 *
 * <p>Build one with {@link #builder()}. Instances are thread-safe (immutable).
 */
public final class JudgmentSet {

    private static final byte FLAG_UNCLEAR = 1;
    private static final byte FLAG_NONE_APPLY = 2;

    final String[] imageKeys;
    final String[] labelKeys;
    final String[] annotatorKeys;
    private final Map<String, Integer> imageIndex;
    private final Map<String, Integer> labelIndex;
    private final Map<String, Integer> annotatorIndex;

    /** Per pair: image index, label index; CSR offsets into the answers (length pairs + 1). */
    final int[] pairImage;
    final int[] pairLabel;
    final int[] pairStart;
    /** Per pair: number of YES and of MAYBE answers (NO = answers - YES - MAYBE). */
    final int[] pairYes;
    final int[] pairMaybe;
    /** Per answer: annotator index and answer code ({@link Answer#code()}). */
    final int[] answerAnnotator;
    final byte[] answerCode;
    /** CSR offsets from images into pairs (length images + 1). */
    final int[] imagePairStart;
    /** Per image: number of distinct annotators with any answer or response on it. */
    final int[] imageAnnotators;

    /** Per response, sorted by (image, annotator): main label index or -1, millis or -1, flags. */
    final int[] responseImage;
    final int[] responseAnnotator;
    final int[] responseMain;
    final long[] responseMillis;
    final byte[] responseFlags;
    final int[] imageResponseStart;

    /** Gold: flag and main label index (or -1) per image; CSR of gold valid labels, sorted (empty for non-gold). */
    final boolean[] imageGold;
    final int[] goldMain;
    final int[] goldStart;
    final int[] goldLabels;

    private final int replacedAnswers;

    private JudgmentSet(String[] imageKeys, String[] labelKeys, String[] annotatorKeys, Sorted s) {
        this.imageKeys = imageKeys;
        this.labelKeys = labelKeys;
        this.annotatorKeys = annotatorKeys;
        this.imageIndex = indexOf(imageKeys);
        this.labelIndex = indexOf(labelKeys);
        this.annotatorIndex = indexOf(annotatorKeys);
        this.pairImage = s.pairImage;
        this.pairLabel = s.pairLabel;
        this.pairStart = s.pairStart;
        this.pairYes = s.pairYes;
        this.pairMaybe = s.pairMaybe;
        this.answerAnnotator = s.answerAnnotator;
        this.answerCode = s.answerCode;
        this.imagePairStart = s.imagePairStart;
        this.imageAnnotators = s.imageAnnotators;
        this.responseImage = s.responseImage;
        this.responseAnnotator = s.responseAnnotator;
        this.responseMain = s.responseMain;
        this.responseMillis = s.responseMillis;
        this.responseFlags = s.responseFlags;
        this.imageResponseStart = s.imageResponseStart;
        this.imageGold = s.imageGold;
        this.goldMain = s.goldMain;
        this.goldStart = s.goldStart;
        this.goldLabels = s.goldLabels;
        this.replacedAnswers = s.replacedAnswers;
    }

    /** @return a new, empty builder */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * @param judgments per-label answers
     * @return a set holding exactly these answers
     */
    public static JudgmentSet of(Iterable<LabelJudgment> judgments) {
        Builder builder = builder();
        judgments.forEach(builder::add);
        return builder.build();
    }

    // ---------------------------------------------------------------- sizes and keys

    /** @return number of distinct images */
    public int imageCount() {
        return imageKeys.length;
    }

    /** @return number of distinct labels (answered, chosen as main, or gold) */
    public int labelCount() {
        return labelKeys.length;
    }

    /** @return number of distinct annotators */
    public int annotatorCount() {
        return annotatorKeys.length;
    }

    /** @return number of presence answers kept (after duplicates were replaced) */
    public int answerCount() {
        return answerAnnotator.length;
    }

    /** @return number of (image, label) pairs with at least one answer */
    public int pairCount() {
        return pairImage.length;
    }

    /** @return number of per-image responses kept */
    public int responseCount() {
        return responseImage.length;
    }

    /** @return number of answers (and responses) dropped because the same annotator later answered again */
    public int replacedAnswers() {
        return replacedAnswers;
    }

    /**
     * @param image image index
     * @return its key
     */
    public String imageKey(int image) {
        return imageKeys[image];
    }

    /**
     * @param label label index
     * @return its key
     */
    public String labelKey(int label) {
        return labelKeys[label];
    }

    /**
     * @param annotator annotator index
     * @return its key
     */
    public String annotatorKey(int annotator) {
        return annotatorKeys[annotator];
    }

    /**
     * @param key image key
     * @return its index, or -1 when the set has no such image
     */
    public int imageIndex(String key) {
        return indexIn(imageIndex, key);
    }

    /**
     * @param key label key
     * @return its index, or -1 when the set has no such label
     */
    public int labelIndex(String key) {
        return indexIn(labelIndex, key);
    }

    /**
     * @param key annotator key
     * @return its index, or -1 when the set has no such annotator
     */
    public int annotatorIndex(String key) {
        return indexIn(annotatorIndex, key);
    }

    // ---------------------------------------------------------------- pairs and answers

    /**
     * @param pair pair index
     * @return the pair's image index
     */
    public int pairImage(int pair) {
        return pairImage[pair];
    }

    /**
     * @param pair pair index
     * @return the pair's label index
     */
    public int pairLabel(int pair) {
        return pairLabel[pair];
    }

    /**
     * @param pair pair index
     * @return index of the pair's first answer
     */
    public int pairStart(int pair) {
        return pairStart[pair];
    }

    /**
     * @param pair pair index
     * @return one past the index of the pair's last answer
     */
    public int pairEnd(int pair) {
        return pairStart[pair + 1];
    }

    /**
     * @param pair pair index
     * @return number of annotators shown the label on the image (answers on the pair)
     */
    public int shownCount(int pair) {
        return pairStart[pair + 1] - pairStart[pair];
    }

    /**
     * @param pair pair index
     * @return number of YES answers on the pair
     */
    public int yesCount(int pair) {
        return pairYes[pair];
    }

    /**
     * @param pair pair index
     * @return number of MAYBE answers on the pair
     */
    public int maybeCount(int pair) {
        return pairMaybe[pair];
    }

    /**
     * @param pair pair index
     * @return number of NO answers on the pair
     */
    public int noCount(int pair) {
        return shownCount(pair) - pairYes[pair] - pairMaybe[pair];
    }

    /**
     * Selection frequency SF = n_present / n_shown (MAYBE counts as shown, not present).
     *
     * @param pair pair index
     * @return the pair's selection frequency in [0, 1]
     */
    public double selectionFrequency(int pair) {
        return (double) pairYes[pair] / shownCount(pair);
    }

    /**
     * @param answer answer index
     * @return the annotator index of the answer
     */
    public int answerAnnotator(int answer) {
        return answerAnnotator[answer];
    }

    /**
     * @param answer answer index
     * @return the answer
     */
    public Answer answer(int answer) {
        return Answer.ofCode(answerCode[answer]);
    }

    /**
     * @param image image index
     * @param label label index
     * @return the pair index of (image, label), or -1 when nobody answered it
     */
    public int pairIndex(int image, int label) {
        int lo = imagePairStart[image];
        int hi = imagePairStart[image + 1] - 1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            int l = pairLabel[mid];
            if (l < label) {
                lo = mid + 1;
            } else if (l > label) {
                hi = mid - 1;
            } else {
                return mid;
            }
        }
        return -1;
    }

    // ---------------------------------------------------------------- images

    /**
     * @param image image index
     * @return index of the image's first pair
     */
    public int imagePairStart(int image) {
        return imagePairStart[image];
    }

    /**
     * @param image image index
     * @return one past the index of the image's last pair
     */
    public int imagePairEnd(int image) {
        return imagePairStart[image + 1];
    }

    /**
     * @param image image index
     * @return number of distinct annotators who judged the image
     */
    public int imageAnnotatorCount(int image) {
        return imageAnnotators[image];
    }

    // ---------------------------------------------------------------- responses

    /**
     * @param image image index
     * @return index of the image's first response
     */
    public int imageResponseStart(int image) {
        return imageResponseStart[image];
    }

    /**
     * @param image image index
     * @return one past the index of the image's last response
     */
    public int imageResponseEnd(int image) {
        return imageResponseStart[image + 1];
    }

    /**
     * @param response response index
     * @return its image index
     */
    public int responseImage(int response) {
        return responseImage[response];
    }

    /**
     * @param response response index
     * @return its annotator index
     */
    public int responseAnnotator(int response) {
        return responseAnnotator[response];
    }

    /**
     * @param response response index
     * @return the main label index, or -1 when none was given
     */
    public int responseMain(int response) {
        return responseMain[response];
    }

    /**
     * @param response response index
     * @return time taken in milliseconds, or -1 when unknown
     */
    public long responseMillis(int response) {
        return responseMillis[response];
    }

    /**
     * @param response response index
     * @return whether the annotator flagged the image as unclear
     */
    public boolean responseUnclear(int response) {
        return (responseFlags[response] & FLAG_UNCLEAR) != 0;
    }

    /**
     * @param response response index
     * @return whether the annotator said none of the labels applies
     */
    public boolean responseNoneApply(int response) {
        return (responseFlags[response] & FLAG_NONE_APPLY) != 0;
    }

    /** @return whether any response carries a main label */
    public boolean hasMainAnswers() {
        for (int m : responseMain) {
            if (m >= 0) {
                return true;
            }
        }
        return false;
    }

    // ---------------------------------------------------------------- gold

    /**
     * @param image image index
     * @return whether the image is a gold image
     */
    public boolean isGold(int image) {
        return imageGold[image];
    }

    /**
     * @param image image index
     * @return the gold main label index, or -1 (not gold, or main not known)
     */
    public int goldMain(int image) {
        return goldMain[image];
    }

    /**
     * @param image image index
     * @param label label index
     * @return whether the label is in the gold valid set of the image (false when the image is not gold)
     */
    public boolean isGoldLabel(int image, int label) {
        return imageGold[image] && Arrays.binarySearch(goldLabels, goldStart[image], goldStart[image + 1], label) >= 0;
    }

    /**
     * @param image image index
     * @return the gold valid label indices, ascending (empty when not gold)
     */
    public int[] goldLabels(int image) {
        return Arrays.copyOfRange(goldLabels, goldStart[image], goldStart[image + 1]);
    }

    // ---------------------------------------------------------------- helpers

    private static Map<String, Integer> indexOf(String[] keys) {
        Map<String, Integer> map = new HashMap<>(keys.length * 2);
        for (int i = 0; i < keys.length; i++) {
            map.put(keys[i], i);
        }
        return map;
    }

    private static int indexIn(Map<String, Integer> map, String key) {
        Integer i = map.get(key);
        return i == null ? -1 : i;
    }

    /**
     * @return approximate heap bytes of the primitive arrays (answers, pairs, responses, images, gold), not counting
     *     the key strings and their index maps
     */
    public long arrayBytes() {
        long ints = (long) pairImage.length * 5 + 1 + answerAnnotator.length + imagePairStart.length
                + imageAnnotators.length + responseImage.length * 3L + imageResponseStart.length + goldMain.length
                + goldStart.length + goldLabels.length;
        return ints * Integer.BYTES + answerCode.length + responseMillis.length * (long) Long.BYTES
                + responseFlags.length + imageGold.length;
    }

    @Override
    public String toString() {
        return "JudgmentSet[images=" + imageCount() + ", labels=" + labelCount() + ", annotators=" + annotatorCount()
                + ", answers=" + answerCount() + ", pairs=" + pairCount() + ", responses=" + responseCount() + "]";
    }

    // ================================================================ builder

    /**
     * Collects judgments from either source and packs them into a {@link JudgmentSet}. Not thread-safe; use one
     * builder per thread. Adding is O(1) amortised; {@link #build()} is O(n + keys log keys).
     */
    public static final class Builder {

        private final Interner images = new Interner();
        private final Interner labels = new Interner();
        private final Interner annotators = new Interner();

        private final IntList aImage = new IntList();
        private final IntList aLabel = new IntList();
        private final IntList aAnnotator = new IntList();
        private final IntList aSeq = new IntList();
        private final ByteList aCode = new ByteList();

        private final IntList rImage = new IntList();
        private final IntList rAnnotator = new IntList();
        private final IntList rMain = new IntList();
        private final LongList rMillis = new LongList();
        private final ByteList rFlags = new ByteList();
        private final IntList rSeq = new IntList();

        /** Responses whose shown labels are unknown: response index and CSR of their selected labels. */
        private final IntList dResponse = new IntList();
        private final IntList dStart = new IntList();
        private final IntList dLabels = new IntList();

        private final Map<Integer, int[]> goldLabels = new HashMap<>();
        private final Map<Integer, Integer> goldMain = new HashMap<>();

        private int seq;
        private int anonymous;
        private boolean built;

        private Builder() {
            dStart.add(0);
        }

        /**
         * Adds one per-label answer (ReaL style) without allocating a record.
         *
         * @param image     image key
         * @param label     label key
         * @param annotator annotator key
         * @param answer    the answer
         * @return this builder
         */
        public Builder add(String image, String label, String annotator, Answer answer) {
            Keys.require(image, "image");
            Keys.require(label, "label");
            Keys.require(annotator, "annotator");
            if (answer == null) {
                throw new IllegalArgumentException("answer is missing");
            }
            checkOpen();
            addAnswer(images.intern(image), labels.intern(label), annotators.intern(annotator), answer.code(), seq++);
            return this;
        }

        /**
         * @param judgment one per-label answer
         * @return this builder
         */
        public Builder add(LabelJudgment judgment) {
            return add(judgment.image(), judgment.label(), judgment.annotator(), judgment.answer());
        }

        /**
         * Adds one per-image response (CLASSIFY style), converted to presence answers as described in
         * {@link ImageResponse}, and records its main label, flags, time and gold answer.
         *
         * @param response the response
         * @return this builder
         */
        public Builder add(ImageResponse response) {
            checkOpen();
            int image = images.intern(response.image());
            String annotatorKey = response.annotator() != null ? response.annotator() : "~anonymous-" + (++anonymous);
            int annotator = annotators.intern(annotatorKey);
            int s = seq++;
            Set<String> selected = new LinkedHashSet<>(response.selected());
            if (response.main() != null) {
                selected.add(response.main());
            }
            byte no = response.unclear() ? Answer.MAYBE.code() : Answer.NO.code();
            if (!response.shown().isEmpty()) {
                for (String label : response.shown()) {
                    addAnswer(image, labels.intern(label), annotator,
                            selected.contains(label) ? Answer.YES.code() : no, s);
                }
            } else {
                dResponse.add(rImage.size());
                for (String label : selected) {
                    int l = labels.intern(label);
                    addAnswer(image, l, annotator, Answer.YES.code(), s);
                    dLabels.add(l);
                }
                dStart.add(dLabels.size());
            }
            rImage.add(image);
            rSeq.add(s);
            rAnnotator.add(annotator);
            rMain.add(response.main() == null ? -1 : labels.intern(response.main()));
            rMillis.add(response.millis() == null ? -1 : response.millis());
            rFlags.add((byte) ((response.unclear() ? FLAG_UNCLEAR : 0) | (response.noneApply() ? FLAG_NONE_APPLY : 0)));
            if (response.gold() != null) {
                gold(response.image(), response.gold());
            }
            return this;
        }

        /**
         * Marks an image as gold with its known answer (the last call for an image wins).
         *
         * @param image image key
         * @param gold  the known answer
         * @return this builder
         */
        public Builder gold(String image, GoldAnswer gold) {
            checkOpen();
            int i = images.intern(Keys.require(image, "image"));
            int[] ls = gold.validLabels().stream().mapToInt(labels::intern).toArray();
            goldLabels.put(i, ls);
            if (gold.mainLabel() != null) {
                goldMain.put(i, labels.intern(gold.mainLabel()));
            } else {
                goldMain.remove(i);
            }
            return this;
        }

        /** @return number of answers added so far (before duplicates are resolved) */
        public int size() {
            return aImage.size();
        }

        /**
         * Packs everything added into an immutable set. A builder can be built only once.
         *
         * @return the judgment set
         */
        public JudgmentSet build() {
            checkOpen();
            built = true;
            inferShownLabels();
            int[] imageRank = images.rank();
            int[] labelRank = labels.rank();
            int[] annotatorRank = annotators.rank();
            remap(aImage, imageRank);
            remap(aLabel, labelRank);
            remap(aAnnotator, annotatorRank);
            remap(rImage, imageRank);
            remap(rAnnotator, annotatorRank);
            for (int r = 0; r < rMain.size(); r++) {
                int m = rMain.get(r);
                if (m >= 0) {
                    rMain.set(r, labelRank[m]);
                }
            }
            Sorted sorted = new Sorted();
            int nImages = images.size();
            packAnswers(sorted, nImages, labels.size(), annotators.size());
            packResponses(sorted, nImages, annotators.size());
            countAnnotators(sorted, nImages, annotators.size());
            packGold(sorted, nImages, imageRank, labelRank);
            return new JudgmentSet(images.sortedKeys(), labels.sortedKeys(), annotators.sortedKeys(), sorted);
        }

        private void checkOpen() {
            if (built) {
                throw new IllegalStateException("this builder was already built");
            }
        }

        private void addAnswer(int image, int label, int annotator, byte code, int sequence) {
            aImage.add(image);
            aLabel.add(label);
            aAnnotator.add(annotator);
            aCode.add(code);
            aSeq.add(sequence);
        }

        /** Responses without shown labels: every label anyone selected on the image counts as shown. */
        private void inferShownLabels() {
            if (dResponse.size() == 0) {
                return;
            }
            boolean[] deferredImage = new boolean[images.size()];
            for (int d = 0; d < dResponse.size(); d++) {
                deferredImage[rImage.get(dResponse.get(d))] = true;
            }
            int n = aImage.size();
            LongList selectedPairs = new LongList();
            for (int k = 0; k < n; k++) {
                if (aCode.get(k) == Answer.YES.code() && deferredImage[aImage.get(k)]) {
                    selectedPairs.add(((long) aImage.get(k) << 32) | aLabel.get(k));
                }
            }
            long[] keys = selectedPairs.toSortedDistinct();
            for (int d = 0; d < dResponse.size(); d++) {
                int r = dResponse.get(d);
                int image = rImage.get(r);
                int annotator = rAnnotator.get(r);
                byte no = (rFlags.get(r) & FLAG_UNCLEAR) != 0 ? Answer.MAYBE.code() : Answer.NO.code();
                int from = dStart.get(d);
                int to = dStart.get(d + 1);
                int at = Arrays.binarySearch(keys, (long) image << 32);
                at = at < 0 ? -at - 1 : at;
                for (; at < keys.length && (int) (keys[at] >>> 32) == image; at++) {
                    int label = (int) keys[at];
                    boolean mine = false;
                    for (int x = from; x < to && !mine; x++) {
                        mine = dLabels.get(x) == label;
                    }
                    if (!mine) {
                        addAnswer(image, label, annotator, no, rSeq.get(r));
                    }
                }
            }
        }

        private void packAnswers(Sorted s, int nImages, int nLabels, int nAnnotators) {
            int n = aImage.size();
            int[] order = new int[n];
            for (int k = 0; k < n; k++) {
                order[k] = k;
            }
            order = countingSort(order, aAnnotator.array(), nAnnotators);
            order = countingSort(order, aLabel.array(), nLabels);
            order = countingSort(order, aImage.array(), nImages);
            int[] img = aImage.array();
            int[] lbl = aLabel.array();
            int[] ann = aAnnotator.array();
            int[] sq = aSeq.array();
            byte[] code = aCode.array();
            // keep, per (image, label, annotator), the answer with the highest sequence (the last added)
            int kept = 0;
            int[] keep = new int[n];
            for (int x = 0; x < n; ) {
                int k = order[x];
                int best = k;
                int y = x + 1;
                while (y < n && img[order[y]] == img[k] && lbl[order[y]] == lbl[k] && ann[order[y]] == ann[k]) {
                    if (sq[order[y]] >= sq[best]) {
                        best = order[y];
                    }
                    y++;
                }
                keep[kept++] = best;
                x = y;
            }
            s.replacedAnswers = n - kept;
            s.answerAnnotator = new int[kept];
            s.answerCode = new byte[kept];
            IntList pImage = new IntList();
            IntList pLabel = new IntList();
            IntList pStart = new IntList();
            IntList pYes = new IntList();
            IntList pMaybe = new IntList();
            for (int x = 0; x < kept; x++) {
                int k = keep[x];
                if (x == 0 || img[k] != img[keep[x - 1]] || lbl[k] != lbl[keep[x - 1]]) {
                    pImage.add(img[k]);
                    pLabel.add(lbl[k]);
                    pStart.add(x);
                    pYes.add(0);
                    pMaybe.add(0);
                }
                s.answerAnnotator[x] = ann[k];
                s.answerCode[x] = code[k];
                int p = pImage.size() - 1;
                if (code[k] == Answer.YES.code()) {
                    pYes.set(p, pYes.get(p) + 1);
                } else if (code[k] == Answer.MAYBE.code()) {
                    pMaybe.set(p, pMaybe.get(p) + 1);
                }
            }
            pStart.add(kept);
            s.pairImage = pImage.toArray();
            s.pairLabel = pLabel.toArray();
            s.pairStart = pStart.toArray();
            s.pairYes = pYes.toArray();
            s.pairMaybe = pMaybe.toArray();
            s.imagePairStart = csr(s.pairImage, nImages);
        }

        private void packResponses(Sorted s, int nImages, int nAnnotators) {
            int n = rImage.size();
            int[] order = new int[n];
            for (int r = 0; r < n; r++) {
                order[r] = r;
            }
            order = countingSort(order, rAnnotator.array(), nAnnotators);
            order = countingSort(order, rImage.array(), nImages);
            IntList kept = new IntList();
            for (int x = 0; x < n; x++) {
                int r = order[x];
                boolean lastOfKey = x + 1 == n || rImage.get(order[x + 1]) != rImage.get(r)
                        || rAnnotator.get(order[x + 1]) != rAnnotator.get(r);
                if (lastOfKey) {
                    kept.add(r); // stable sort: the last of equal keys is the last added
                }
            }
            s.replacedAnswers += n - kept.size();
            int m = kept.size();
            s.responseImage = new int[m];
            s.responseAnnotator = new int[m];
            s.responseMain = new int[m];
            s.responseMillis = new long[m];
            s.responseFlags = new byte[m];
            for (int x = 0; x < m; x++) {
                int r = kept.get(x);
                s.responseImage[x] = rImage.get(r);
                s.responseAnnotator[x] = rAnnotator.get(r);
                s.responseMain[x] = rMain.get(r);
                s.responseMillis[x] = rMillis.get(r);
                s.responseFlags[x] = rFlags.get(r);
            }
            s.imageResponseStart = csr(s.responseImage, nImages);
        }

        private static void countAnnotators(Sorted s, int nImages, int nAnnotators) {
            int[] stamp = new int[nAnnotators];
            Arrays.fill(stamp, -1);
            s.imageAnnotators = new int[nImages];
            for (int i = 0; i < nImages; i++) {
                int count = 0;
                for (int k = s.pairStart[s.imagePairStart[i]]; k < s.pairStart[s.imagePairStart[i + 1]]; k++) {
                    int a = s.answerAnnotator[k];
                    if (stamp[a] != i) {
                        stamp[a] = i;
                        count++;
                    }
                }
                for (int r = s.imageResponseStart[i]; r < s.imageResponseStart[i + 1]; r++) {
                    int a = s.responseAnnotator[r];
                    if (stamp[a] != i) {
                        stamp[a] = i;
                        count++;
                    }
                }
                s.imageAnnotators[i] = count;
            }
        }

        private void packGold(Sorted s, int nImages, int[] imageRank, int[] labelRank) {
            s.imageGold = new boolean[nImages];
            s.goldMain = new int[nImages];
            Arrays.fill(s.goldMain, -1);
            int[][] byImage = new int[nImages][];
            int total = 0;
            for (Map.Entry<Integer, int[]> e : goldLabels.entrySet()) {
                int i = imageRank[e.getKey()];
                int[] ls = e.getValue().clone();
                for (int x = 0; x < ls.length; x++) {
                    ls[x] = labelRank[ls[x]];
                }
                Arrays.sort(ls);
                byImage[i] = ls;
                s.imageGold[i] = true;
                total += ls.length;
            }
            for (Map.Entry<Integer, Integer> e : goldMain.entrySet()) {
                s.goldMain[imageRank[e.getKey()]] = labelRank[e.getValue()];
            }
            s.goldStart = new int[nImages + 1];
            s.goldLabels = new int[total];
            int at = 0;
            for (int i = 0; i < nImages; i++) {
                s.goldStart[i] = at;
                if (byImage[i] != null) {
                    System.arraycopy(byImage[i], 0, s.goldLabels, at, byImage[i].length);
                    at += byImage[i].length;
                }
            }
            s.goldStart[nImages] = at;
        }

        private static void remap(IntList list, int[] rank) {
            int[] a = list.array();
            for (int k = 0; k < list.size(); k++) {
                a[k] = rank[a[k]];
            }
        }
    }

    /** Stable counting sort of {@code order} by {@code keys[order[x]]}, keys in {@code 0..range-1}. */
    static int[] countingSort(int[] order, int[] keys, int range) {
        int[] count = new int[range + 1];
        for (int k : order) {
            count[keys[k] + 1]++;
        }
        for (int v = 0; v < range; v++) {
            count[v + 1] += count[v];
        }
        int[] out = new int[order.length];
        for (int k : order) {
            out[count[keys[k]]++] = k;
        }
        return out;
    }

    /** CSR offsets (length range + 1) of a key array sorted ascending. */
    static int[] csr(int[] sortedKeys, int range) {
        int[] start = new int[range + 1];
        for (int key : sortedKeys) {
            start[key + 1]++;
        }
        for (int v = 0; v < range; v++) {
            start[v + 1] += start[v];
        }
        return start;
    }

    /** The arrays produced by {@link Builder#build()}. */
    private static final class Sorted {
        int[] pairImage;
        int[] pairLabel;
        int[] pairStart;
        int[] pairYes;
        int[] pairMaybe;
        int[] answerAnnotator;
        byte[] answerCode;
        int[] imagePairStart;
        int[] imageAnnotators;
        int[] responseImage;
        int[] responseAnnotator;
        int[] responseMain;
        long[] responseMillis;
        byte[] responseFlags;
        int[] imageResponseStart;
        boolean[] imageGold;
        int[] goldMain;
        int[] goldStart;
        int[] goldLabels;
        int replacedAnswers;
    }

    /** String to dense index, in first-seen order; {@link #rank()} maps to lexicographic order. */
    private static final class Interner {
        private final Map<String, Integer> index = new HashMap<>();
        private final List<String> keys = new ArrayList<>();
        private String[] sorted;

        int intern(String key) {
            Integer i = index.get(key);
            if (i == null) {
                i = keys.size();
                index.put(key, i);
                keys.add(key);
            }
            return i;
        }

        int size() {
            return keys.size();
        }

        /** @return rank[firstSeenIndex] = position of the key in lexicographic order */
        int[] rank() {
            sorted = keys.toArray(new String[0]);
            Arrays.sort(sorted);
            int[] rank = new int[sorted.length];
            for (int r = 0; r < sorted.length; r++) {
                rank[index.get(sorted[r])] = r;
            }
            return rank;
        }

        String[] sortedKeys() {
            return sorted;
        }
    }

    static final class IntList {
        private int[] a = new int[16];
        private int n;

        void add(int v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n + (n >> 1) + 16);
            }
            a[n++] = v;
        }

        int get(int k) {
            return a[k];
        }

        void set(int k, int v) {
            a[k] = v;
        }

        int size() {
            return n;
        }

        /** @return the backing array (may be longer than size) */
        int[] array() {
            return a;
        }

        int[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }

    static final class ByteList {
        private byte[] a = new byte[16];
        private int n;

        void add(byte v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n + (n >> 1) + 16);
            }
            a[n++] = v;
        }

        byte get(int k) {
            return a[k];
        }

        byte[] array() {
            return a;
        }
    }

    static final class LongList {
        private long[] a = new long[16];
        private int n;

        void add(long v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, n + (n >> 1) + 16);
            }
            a[n++] = v;
        }

        long get(int k) {
            return a[k];
        }

        long[] toSortedDistinct() {
            long[] s = Arrays.copyOf(a, n);
            Arrays.sort(s);
            int m = 0;
            for (int k = 0; k < s.length; k++) {
                if (k == 0 || s[k] != s[k - 1]) {
                    s[m++] = s[k];
                }
            }
            return Arrays.copyOf(s, m);
        }
    }
}
