package org.relabel.dataset;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.relabel.web.ProblemException;

/** Read models of classes and images for the API and pages. */
@ApplicationScoped
public class DatasetQueries {

    @Inject
    Instance<ImageDetailContributor> contributors;

    public record ClassView(String key, String name, String description, Integer index) {
    }

    public record ImageView(String image, String label, String location, String pixels, String preview,
                            Integer width, Integer height) {
        static ImageView of(Image i) {
            return new ImageView(i.key, i.originalLabel.key, i.location,
                    i.hasPixels() ? "/media/" + i.contentHash : null,
                    i.hasPixels() ? "/media/" + i.contentHash + "/preview" : null, i.width, i.height);
        }
    }

    /** One page of images; {@code next} is the {@code after} value of the following page, or null at the end. */
    public record ImagePage(List<ImageView> images, String next) {
    }

    /** One image with the sections other features add (predictions, consensus...). */
    public record ImageDetail(ImageView image, String labelName, Map<String, Object> sections) {
    }

    /** Adds a section (for example {@code predictions}) to the image detail. */
    public interface ImageDetailContributor {
        String section();

        Object detail(Dataset dataset, Image image);
    }

    public List<ClassView> classes(long datasetId) {
        return QuarkusTransaction.joiningExisting().call(() -> DatasetClass.<DatasetClass>find(
                        "datasetId = ?1 order by outputIndex nulls last, key", datasetId).stream()
                .map(c -> new ClassView(c.key, c.name, c.description, c.outputIndex)).toList());
    }

    public ImagePage images(long datasetId, String after, int limit) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            List<Image> page = (after == null
                    ? Image.<Image>find("from Image i join fetch i.originalLabel where i.datasetId = ?1 order by i.key", datasetId)
                    : Image.<Image>find("from Image i join fetch i.originalLabel where i.datasetId = ?1 and i.key > ?2 order by i.key",
                    datasetId, after)).range(0, limit - 1).list();
            String next = page.size() == limit ? page.get(page.size() - 1).key : null;
            return new ImagePage(page.stream().map(ImageView::of).toList(), next);
        });
    }

    public ImageDetail image(Dataset ds, String key) {
        return QuarkusTransaction.joiningExisting().call(() -> {
            Image img = Image.<Image>find("from Image i join fetch i.originalLabel where i.datasetId = ?1 and i.key = ?2",
                    ds.id, key).firstResultOptional().orElseThrow(() -> ProblemException.notFound("Image '" + key + "'"));
            Map<String, Object> sections = new LinkedHashMap<>();
            for (ImageDetailContributor c : contributors) {
                sections.put(c.section(), c.detail(ds, img));
            }
            return new ImageDetail(ImageView.of(img), img.originalLabel.name, sections);
        });
    }
}
