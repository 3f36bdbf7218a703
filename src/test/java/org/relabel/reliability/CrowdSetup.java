package org.relabel.reliability;

import static org.relabel.reliability.Api.expect;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.relabel.testing.Zips;

/**
 * Sets up a campaign through the public API of a running application, as an admin would: a
 * dataset with {@code classes} classes and {@code images} small PNGs, one imported model's top-3,
 * a campaign on it (opened), and annotator accounts {@code <prefix>-0..n-1}.
 */
public final class CrowdSetup {
    public static final String ANNOTATOR_PASSWORD = "it-annotator-pw-1";

    public final String dataset;
    public final long campaign;
    public final List<String> annotators;

    private CrowdSetup(String dataset, long campaign, List<String> annotators) {
        this.dataset = dataset;
        this.campaign = campaign;
        this.annotators = annotators;
    }

    /**
     * @param admin        an admin client
     * @param images       images of the campaign
     * @param overlap      judgments wanted per image
     * @param annotators   accounts to create
     * @param leaseSeconds lease of the campaign (30 or more)
     */
    public static CrowdSetup create(Api admin, String dataset, int images, int overlap, int annotators, int leaseSeconds) {
        int classes = 8;
        expect(201, admin.putJson("/api/datasets/" + dataset, Map.of("name", "Reliability " + dataset)));
        StringBuilder csv = new StringBuilder("key,name\n");
        for (int c = 0; c < classes; c++) csv.append("c").append(c).append(",Class ").append(c).append('\n');
        expect(200, admin.postBytes("/api/datasets/" + dataset + "/classes", "text/csv", csv.toString().getBytes()));
        Zips zip = new Zips();
        StringBuilder predictions = new StringBuilder("image,model,rank,label,probability\n");
        for (int i = 0; i < images; i++) {
            String key = String.format("c%d/img-%04d.png", i % classes, i);
            zip.add(key, Zips.png(new Color((i * 37) % 256, (i * 91) % 256, (i * 53 + i / 256) % 256), 8));
            for (int r = 0; r < 3; r++) {
                predictions.append(key).append(",m1,").append(r + 1).append(",c").append((i + r) % classes)
                        .append(',').append(0.6 / (r + 1)).append('\n');
            }
        }
        expect(200, admin.postBytes("/api/datasets/" + dataset + "/images", "application/zip", zip.bytes()));
        expect(200, admin.postBytes("/api/datasets/" + dataset + "/predictions", "text/csv",
                predictions.toString().getBytes()));
        long campaign = expect(201, admin.postJson("/api/datasets/" + dataset + "/campaigns", Map.of(
                "name", "Reliability", "models", List.of("m1"), "topK", 3, "maxCandidates", 4,
                "overlap", overlap, "leaseSeconds", leaseSeconds))).json().get("id").asLong();
        expect(200, admin.post("/api/datasets/" + dataset + "/campaigns/" + campaign + "/open"));
        List<String> names = new ArrayList<>();
        for (int a = 0; a < annotators; a++) {
            String name = dataset + "-ann-" + a;
            expect(201, admin.postJson("/api/users", Map.of("username", name, "password", ANNOTATOR_PASSWORD,
                    "roles", List.of("annotator"), "displayName", name)));
            names.add(name);
        }
        return new CrowdSetup(dataset, campaign, names);
    }
}
