package org.relabel.dataset;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.relabel.account.DatasetAccess;
import org.relabel.account.Roles;
import org.relabel.web.ProblemException;

/**
 * Datasets: create, rename, look up, summarise. Lookups and lists honour per-dataset membership
 * ({@link DatasetAccess}): callers see only the datasets they are members of (admins all).
 */
@ApplicationScoped
public class DatasetService {
    private static final Pattern KEY = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,99}");

    @Inject
    Instance<DatasetCounter> counters;
    @Inject
    DatasetAccess access;

    /** Dataset summary as the API and UI show it. */
    public record Summary(String key, String name, String description, OffsetDateTime createdAt,
                          OffsetDateTime updatedAt, Map<String, Long> counts) {
    }

    /** Result of {@link #put}: the dataset and whether it was new. */
    public record PutResult(Dataset dataset, boolean created) {
    }

    public PutResult put(String key, String name, String description) {
        if (key == null || !KEY.matcher(key).matches()) {
            throw ProblemException.badRequest("dataset key must be 1-100 letters, digits, '.', '_' or '-', "
                    + "starting with a letter or digit");
        }
        String cleanName = name == null || name.isBlank() ? key : name.strip();
        if (cleanName.length() > 300) throw ProblemException.badRequest("name is longer than 300 characters");
        if (description != null && description.length() > 4000) {
            throw ProblemException.badRequest("description is longer than 4000 characters");
        }
        return QuarkusTransaction.requiringNew().call(() -> {
            OffsetDateTime now = OffsetDateTime.now();
            Dataset ds = Dataset.byKey(key).orElse(null);
            boolean created = ds == null;
            if (created) {
                ds = new Dataset();
                ds.key = key;
                ds.createdAt = now;
            } else if (!access.canSee(ds.id)) {
                throw ProblemException.forbidden("the key '" + key + "' belongs to a dataset you are not a member of");
            } else {
                access.check(ds, Roles.RESEARCHER);
            }
            ds.name = cleanName;
            ds.description = description == null || description.isBlank() ? null : description.strip();
            ds.updatedAt = now;
            ds.persist();
            if (created) access.addCreator(ds);
            return new PutResult(ds, created);
        });
    }

    /** The dataset with this key if the caller may see it, else a 404 problem. */
    public Dataset require(String key) {
        return access.require(key);
    }

    /**
     * The dataset with this key if the caller is a member in one of these roles (admins always):
     * 404 when they may not see it, 403 when they are a member in other roles only.
     */
    public Dataset require(String key, String... roles) {
        return access.require(key, roles);
    }

    /** The datasets the caller may see, by key. */
    public List<Summary> list() {
        Optional<Set<Long>> visible = access.visibleIds();
        if (visible.isPresent() && visible.get().isEmpty()) return List.of();
        List<Dataset> all = QuarkusTransaction.joiningExisting().call(() -> visible.isEmpty()
                ? Dataset.<Dataset>listAll(io.quarkus.panache.common.Sort.by("key"))
                : Dataset.<Dataset>list("id in ?1 order by key", visible.get()));
        return all.stream().map(this::summary).toList();
    }

    public Summary summary(Dataset ds) {
        Map<String, Long> counts = new LinkedHashMap<>();
        QuarkusTransaction.joiningExisting().run(() -> {
            counts.put("classes", DatasetClass.count("datasetId", ds.id));
            counts.put("images", Image.count("datasetId", ds.id));
            counts.put("imagesWithPixels", Image.count("datasetId = ?1 and contentHash is not null", ds.id));
            for (DatasetCounter counter : counters) {
                counts.putAll(counter.counts(ds.id));
            }
        });
        return new Summary(ds.key, ds.name, ds.description, ds.createdAt, ds.updatedAt, counts);
    }
}
