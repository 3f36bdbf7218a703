package org.relabel.export;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.relabel.dataset.Dataset;
import org.relabel.export.domain.ReleaseDiff;
import org.relabel.export.domain.ReleaseLabel;
import org.relabel.web.ProblemException;

/**
 * Diffs for the API and the diff page: resolves the two sides, computes {@link ReleaseDiff} (releases never change,
 * so the last few results are kept), filters by reason and pages through the changed images.
 */
@ApplicationScoped
public class ReleaseDiffs {
    /** The "release" name of the original labels. */
    public static final String ORIGINAL = "original";
    private static final int CACHED = 4;

    @Inject
    ReleaseService releases;

    private final Map<String, ReleaseDiff.Result> cache = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, ReleaseDiff.Result> eldest) {
            return size() > CACHED;
        }
    };

    /** An image's labels on one side; {@code status} is a labels.csv status code. */
    public record SideView(String status, List<String> valid, String main, int judgments) {
        static SideView of(ReleaseDiff.Side s) {
            return s == null ? null : new SideView(s.status().code(), s.valid(), s.main(), s.judgments());
        }
    }

    /** One changed image with its reasons. */
    public record ChangeView(String image, String originalLabel, List<ReleaseDiff.Reason> reasons, SideView before,
                             SideView after) {
    }

    /** A status change made by {@code images} images. */
    public record TransitionView(String from, String to, long images) {
    }

    /**
     * A diff: counts over all images, then one page of changed images (of {@code reason} when given); pass
     * {@code next} as {@code after} for the next page.
     */
    public record DiffView(String dataset, String from, String to, long fromImages, long toImages, long changed,
                           long unchanged, long statusOnly, Map<ReleaseDiff.Reason, Long> byReason,
                           List<TransitionView> transitions, String reason, List<ChangeView> changes, String next) {
    }

    public DiffView diff(Dataset ds, String version, String fromText, String reasonText, String after, int limit) {
        ReleaseService.Stored to = releases.require(ds, version);
        ReleaseService.Stored from = from(ds, to, fromText);
        ReleaseDiff.Reason reason = reason(reasonText);
        ReleaseDiff.Result result = result(to, from);
        List<ChangeView> page = new ArrayList<>();
        String next = null;
        for (ReleaseDiff.Change c : result.changes()) {
            if (reason != null && !c.reasons().contains(reason)) continue;
            if (after != null && !after.isEmpty() && c.image().compareTo(after) <= 0) continue;
            if (page.size() == limit) {
                next = page.get(page.size() - 1).image();
                break;
            }
            page.add(new ChangeView(c.image(), c.originalLabel(), List.copyOf(c.reasons()), SideView.of(c.before()),
                    SideView.of(c.after())));
        }
        List<TransitionView> transitions = result.transitions().stream()
                .map(t -> new TransitionView(t.from().code(), t.to().code(), t.images())).toList();
        return new DiffView(ds.key, from == null ? ORIGINAL : from.view().name(), to.view().name(), result.fromImages(),
                result.toImages(), result.changes().size(), result.unchanged(), result.statusOnly(), result.byReason(),
                transitions, reason == null ? null : reason.name(), page, next);
    }

    /**
     * The older side: {@code original}, a named release, or by default the release before {@code to} (the original
     * labels for the first release).
     */
    public ReleaseService.Stored from(Dataset ds, ReleaseService.Stored to, String fromText) {
        if (fromText != null && fromText.trim().equalsIgnoreCase(ORIGINAL)) return null;
        if (fromText != null && !fromText.isBlank()) return releases.require(ds, fromText);
        int previous = to.view().version() - 1;
        while (previous > 0) {
            var found = releases.find(ds.id, ds.key, Integer.toString(previous));
            if (found.isPresent()) return found.get();
            previous--;
        }
        return null;
    }

    private static ReleaseDiff.Reason reason(String text) {
        if (text == null || text.isBlank()) return null;
        try {
            return ReleaseDiff.Reason.valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("reason must be one of " + List.of(ReleaseDiff.Reason.values()));
        }
    }

    private ReleaseDiff.Result result(ReleaseService.Stored to, ReleaseService.Stored from) {
        String key = to.id() + ":" + (from == null ? ORIGINAL : Long.toString(from.id()));
        synchronized (cache) {
            ReleaseDiff.Result cached = cache.get(key);
            if (cached != null) return cached;
        }
        List<ReleaseLabel> after = releases.labels(to);
        ReleaseDiff.Result result = from == null ? ReleaseDiff.againstOriginal(after)
                : ReleaseDiff.compare(releases.labels(from), after);
        synchronized (cache) {
            cache.put(key, result);
        }
        return result;
    }
}
