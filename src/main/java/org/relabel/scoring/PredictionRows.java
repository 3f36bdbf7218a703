package org.relabel.scoring;

import java.util.Arrays;

/**
 * Validated prediction rows of one import, held in primitive columns (about 30 bytes a row) until they are
 * written: the whole file is validated before anything is stored, and rows are written in primary-key order
 * (model, image, rank). B-tree inserts in key order touch each index page once; in file order they can
 * touch pages at random, which on H2 made an upload sorted by another key than the image ids four to five
 * times slower.
 */
final class PredictionRows {
    private int[] model = new int[1024];
    private long[] image = new long[1024];
    private short[] rank = new short[1024];
    private long[] classId = new long[1024];
    private double[] probability = new double[1024];
    private int size;
    private boolean ordered = true;

    /**
     * Adds a row.
     *
     * @param modelIndex  the model's position in the import's model list (its order is the models' id order)
     * @param probability {@code NaN} for none
     */
    void add(int modelIndex, long imageId, int labelRank, long cls, double probability) {
        if (size == model.length) grow();
        if (ordered && size > 0 && compare(modelIndex, imageId, labelRank, size - 1) <= 0) ordered = false;
        model[size] = modelIndex;
        image[size] = imageId;
        rank[size] = (short) labelRank;
        classId[size] = cls;
        this.probability[size] = probability;
        size++;
    }

    int size() {
        return size;
    }

    int model(int row) {
        return model[row];
    }

    long image(int row) {
        return image[row];
    }

    int rank(int row) {
        return rank[row];
    }

    long classId(int row) {
        return classId[row];
    }

    /** The probability, {@code NaN} for none. */
    double probability(int row) {
        return probability[row];
    }

    void clear() {
        size = 0;
        ordered = true;
    }

    /** Sorts the rows by (model, image, rank) unless they arrived in that order. */
    void sort() {
        if (ordered || size < 2) return;
        int[] order = new int[size];
        for (int i = 0; i < size; i++) order[i] = i;
        mergeSort(order, new int[size], 0, size);
        model = permute(model, order);
        image = permute(image, order);
        classId = permute(classId, order);
        probability = permute(probability, order);
        short[] r = new short[rank.length];
        for (int i = 0; i < size; i++) r[i] = rank[order[i]];
        rank = r;
        ordered = true;
    }

    private int compare(int m, long img, int r, int row) {
        if (m != model[row]) return Integer.compare(m, model[row]);
        if (img != image[row]) return Long.compare(img, image[row]);
        return Integer.compare(r, rank[row]);
    }

    private int compareRows(int a, int b) {
        return compare(model[a], image[a], rank[a], b);
    }

    /** Stable top-down merge sort of row indices; runs already in order cost one comparison. */
    private void mergeSort(int[] a, int[] tmp, int from, int to) {
        int n = to - from;
        if (n < 24) {
            for (int i = from + 1; i < to; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= from && compareRows(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        mergeSort(a, tmp, from, mid);
        mergeSort(a, tmp, mid, to);
        if (compareRows(a[mid - 1], a[mid]) <= 0) return;
        System.arraycopy(a, from, tmp, from, n);
        int i = from;
        int j = mid;
        for (int k = from; k < to; k++) {
            if (j >= to || i < mid && compareRows(tmp[i], tmp[j]) <= 0) a[k] = tmp[i++];
            else a[k] = tmp[j++];
        }
    }

    private int[] permute(int[] column, int[] order) {
        int[] out = new int[column.length];
        for (int i = 0; i < size; i++) out[i] = column[order[i]];
        return out;
    }

    private long[] permute(long[] column, int[] order) {
        long[] out = new long[column.length];
        for (int i = 0; i < size; i++) out[i] = column[order[i]];
        return out;
    }

    private double[] permute(double[] column, int[] order) {
        double[] out = new double[column.length];
        for (int i = 0; i < size; i++) out[i] = column[order[i]];
        return out;
    }

    private void grow() {
        int n = model.length * 2;
        model = Arrays.copyOf(model, n);
        image = Arrays.copyOf(image, n);
        rank = Arrays.copyOf(rank, n);
        classId = Arrays.copyOf(classId, n);
        probability = Arrays.copyOf(probability, n);
    }
}
