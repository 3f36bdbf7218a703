package org.relabel.export.domain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What changed between two releases, or between a release and the original labels: the images whose labels
 * changed, each with its reasons, and counts by reason and by status transition.
 *
 * <p>An image counts as changed when it was added or removed, left out of evaluation or taken back in, or (when
 * evaluated on both sides) its valid label set or main label differs. An image whose labels are the same but whose
 * status changed (for example a curator accepted the consensus) is not a change; it is counted in
 * {@link Result#statusOnly()}.
 *
 * <p>{@link #compare} holds the older side in a map (one entry per image) and streams the newer one;
 * {@link #againstOriginal} streams once.
 */
public final class ReleaseDiff {
    private ReleaseDiff() {
    }

    /** Why an image is listed. */
    public enum Reason {
        /** Only in the newer side. */
        ADDED,
        /** Only in the older side. */
        REMOVED,
        /** Now ambiguous or excluded (no valid label), evaluated before. */
        EXCLUDED,
        /** Evaluated now, ambiguous or excluded before. */
        INCLUDED,
        /** Another valid label set. */
        VALID_LABELS,
        /** Another main label. */
        MAIN_LABEL
    }

    /** An image's labels on one side. */
    public record Side(ReleaseStatus status, List<String> valid, String main, int judgments) {
        static Side of(ReleaseLabel l) {
            return l == null ? null : new Side(l.status(), l.validLabels(), l.mainLabel(), l.judgments());
        }
    }

    /** One changed image; {@code before} is null for ADDED, {@code after} for REMOVED. */
    public record Change(String image, String originalLabel, Set<Reason> reasons, Side before, Side after) {
    }

    /** A status change and how many images (present on both sides) made it. */
    public record Transition(ReleaseStatus from, ReleaseStatus to, long images) {
    }

    /**
     * The diff.
     *
     * @param fromImages  images on the older side
     * @param toImages    images on the newer side
     * @param unchanged   images with the same labels and status on both sides
     * @param statusOnly  images with the same labels but another status
     * @param byReason    changed images per reason (an image may have several reasons)
     * @param transitions status changes, most frequent first
     * @param changes     the changed images in image-key order
     */
    public record Result(long fromImages, long toImages, long unchanged, long statusOnly, Map<Reason, Long> byReason,
                         List<Transition> transitions, List<Change> changes) {
    }

    /** Changes from {@code from} (the older release) to {@code to}. */
    public static Result compare(Iterable<ReleaseLabel> from, Iterable<ReleaseLabel> to) {
        Map<String, ReleaseLabel> before = new HashMap<>();
        for (ReleaseLabel l : from) {
            if (before.put(l.image(), l) != null) throw new IllegalArgumentException("image " + l.image() + " given twice");
        }
        Tally t = new Tally(before.size());
        for (ReleaseLabel l : to) {
            t.pair(before.remove(l.image()), l);
        }
        for (ReleaseLabel gone : before.values()) t.pair(gone, null);
        return t.result();
    }

    /** Changes from the original labels (every image with its original label only) to {@code to}. */
    public static Result againstOriginal(Iterable<ReleaseLabel> to) {
        Tally t = new Tally(-1);
        for (ReleaseLabel l : to) t.pair(ReleaseLabel.original(l.image(), l.originalLabel()), l);
        return t.result();
    }

    /** The reasons why {@code before} and {@code after} (either may be null, not both) differ; empty if they do not. */
    public static Set<Reason> reasons(ReleaseLabel before, ReleaseLabel after) {
        Set<Reason> reasons = EnumSet.noneOf(Reason.class);
        if (before == null) {
            reasons.add(Reason.ADDED);
        } else if (after == null) {
            reasons.add(Reason.REMOVED);
        } else {
            boolean wasOut = before.status().excluded();
            boolean isOut = after.status().excluded();
            if (!wasOut && isOut) reasons.add(Reason.EXCLUDED);
            if (wasOut && !isOut) reasons.add(Reason.INCLUDED);
            if (!wasOut && !isOut) {
                if (!before.validLabels().equals(after.validLabels())) reasons.add(Reason.VALID_LABELS);
                if (!Objects.equals(before.mainLabel(), after.mainLabel())) reasons.add(Reason.MAIN_LABEL);
            }
        }
        return reasons;
    }

    private static final class Tally {
        final long fromImages;
        long seenFrom;
        long toImages;
        long unchanged;
        long statusOnly;
        final Map<Reason, Long> byReason = new EnumMap<>(Reason.class);
        final Map<List<ReleaseStatus>, Long> transitions = new HashMap<>();
        final List<Change> changes = new ArrayList<>();

        Tally(long fromImages) {
            this.fromImages = fromImages;
            for (Reason r : Reason.values()) byReason.put(r, 0L);
        }

        void pair(ReleaseLabel before, ReleaseLabel after) {
            if (before != null) seenFrom++;
            if (after != null) toImages++;
            Set<Reason> reasons = reasons(before, after);
            boolean statusChanged = before != null && after != null && before.status() != after.status();
            if (statusChanged) transitions.merge(List.of(before.status(), after.status()), 1L, Long::sum);
            if (reasons.isEmpty()) {
                if (statusChanged) statusOnly++; else unchanged++;
                return;
            }
            for (Reason r : reasons) byReason.merge(r, 1L, Long::sum);
            ReleaseLabel any = after == null ? before : after;
            changes.add(new Change(any.image(), any.originalLabel(), reasons, Side.of(before), Side.of(after)));
        }

        Result result() {
            changes.sort(Comparator.comparing(Change::image));
            List<Transition> list = new ArrayList<>();
            transitions.forEach((k, n) -> list.add(new Transition(k.get(0), k.get(1), n)));
            list.sort(Comparator.comparingLong(Transition::images).reversed()
                    .thenComparing(Transition::from).thenComparing(Transition::to));
            return new Result(fromImages < 0 ? seenFrom : fromImages, toImages, unchanged, statusOnly,
                    new EnumMap<>(byReason), List.copyOf(list), List.copyOf(changes));
        }
    }
}
