package org.relabel.job;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which job kinds one instance claims from the shared queue: the listed kinds (none listed: every kind), less
 * the excluded ones. Lets a deployment run scoring on GPU workers ({@code relabel.jobs.kinds=score-model}) and
 * keep it off the web replicas ({@code relabel.jobs.exclude-kinds=score-model}).
 *
 * @param only     kinds to claim; empty means every kind
 * @param excluded kinds never to claim
 */
public record JobKinds(Set<String> only, Set<String> excluded) {

    /** Every kind. */
    public static final JobKinds ALL = new JobKinds(Set.of(), Set.of());

    public JobKinds {
        only = Set.copyOf(new TreeSet<>(only));
        excluded = Set.copyOf(new TreeSet<>(excluded));
    }

    /** From the two settings; blank entries are ignored and names are trimmed. */
    public static JobKinds of(Optional<List<String>> only, Optional<List<String>> excluded) {
        return new JobKinds(clean(only), clean(excluded));
    }

    private static Set<String> clean(Optional<List<String>> values) {
        Set<String> out = new TreeSet<>();
        values.orElse(List.of()).stream().map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
        return out;
    }

    /** Whether this instance claims jobs of the kind. */
    public boolean claims(String kind) {
        return (only.isEmpty() || only.contains(kind)) && !excluded.contains(kind);
    }

    /** Whether there is no restriction at all. */
    public boolean claimsAll() {
        return only.isEmpty() && excluded.isEmpty();
    }

    /** Named kinds that no handler runs (typing mistakes), sorted; empty when all are known. */
    public Set<String> unknown(Collection<String> known) {
        Set<String> out = new TreeSet<>(only);
        out.addAll(excluded);
        out.removeAll(known);
        return out;
    }

    /** For the log: {@code every kind}, {@code every kind except c}, {@code only a, b} or {@code no kind}. */
    public String describe() {
        if (only.isEmpty()) {
            return excluded.isEmpty() ? "every kind" : "every kind except " + String.join(", ", new TreeSet<>(excluded));
        }
        Set<String> effective = new TreeSet<>(only);
        effective.removeAll(excluded);
        return effective.isEmpty() ? "no kind" : "only " + String.join(", ", effective);
    }
}
