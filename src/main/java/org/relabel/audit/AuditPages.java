package org.relabel.audit;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.relabel.account.Roles;
import org.relabel.audit.domain.AccuracyKind;
import org.relabel.audit.domain.FindingKind;
import org.relabel.audit.domain.Histogram;
import org.relabel.audit.domain.ModelMetrics;
import org.relabel.audit.domain.RankedLabel;
import org.relabel.audit.domain.ReviewStatus;
import org.relabel.audit.domain.SvgCharts;
import org.relabel.consensus.ConsensusQueries;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetClass;
import org.relabel.dataset.DatasetService;
import org.relabel.dataset.Image;
import org.relabel.web.ProblemException;

/**
 * Audit pages: the dashboard (metrics with intervals and inline SVG charts, readable without
 * JavaScript), the review queue (one finding at a time, keyboard-first with /js/review.js) and the
 * review grid (many findings of one kind, toggle accept).
 */
@Path("/datasets/{d}")
@Produces(MediaType.TEXT_HTML)
public class AuditPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance dashboard(Dataset dataset, MetricsService.MetricsView metrics, Charts charts,
                                                 Map<FindingKind, Long> openFindings, String classModel,
                                                 MetricsService.ModelView classMetrics, boolean canReview,
                                                 List<String> releases);

        static native TemplateInstance review(Dataset dataset, QueueItem item, Map<FindingKind, Long> openFindings,
                                              String kind, boolean done);

        static native TemplateInstance grid(Dataset dataset, List<GridTile> tiles, Map<FindingKind, Long> openFindings,
                                            String kind, String next, String after, int accepted);
    }

    /** The dashboard's charts as SVG strings (generated and escaped by {@link SvgCharts}). */
    public record Charts(String originalVsValid, String originalVsMain, String byObjects, List<String> sfHistograms,
                         String annotators) {
    }

    /** One label's bar in the consensus section. */
    public record SfBar(String label, String name, double sf, int shown, boolean valid, boolean main, Double mainShare,
                        boolean original, long width) {
    }

    /** One model's top labels for the queue. */
    public record ModelTop(String model, List<RankedLabel> top, boolean agreesWithOriginal) {
    }

    /** Everything the queue shows about one finding. */
    public record QueueItem(FindingService.FindingView finding, String preview, String originalLabel, String originalName,
                            ReviewedLabels.Effective effective, List<SfBar> bars, List<ModelTop> models,
                            List<ConsensusQueries.JudgmentView> judgments, List<ReviewService.DecisionView> history,
                            List<FindingService.FindingView> imageFindings, String prevUrl, String nextUrl,
                            String gridUrl, String handLabels, String handMain) {
    }

    /** One tile of the grid. */
    public record GridTile(FindingService.FindingView finding, String preview, String originalLabel, List<String> valid,
                           String main, Long supersedes) {
    }

    @Inject
    DatasetService datasets;
    @Inject
    MetricsService metrics;
    @Inject
    FindingService findings;
    @Inject
    ReviewService reviews;
    @Inject
    ReviewedLabels reviewed;
    @Inject
    Predictions predictions;
    @Inject
    ConsensusQueries consensus;
    @Inject
    AuditConfig config;
    @Inject
    SecurityIdentity identity;
    @Inject
    Instance<ReleaseLabelSource> releases;

    // ---------------------------------------------------------------- dashboard

    @GET
    @Path("dashboard")
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
    public TemplateInstance dashboard(@PathParam("d") String key, @QueryParam("model") String model,
                                      @QueryParam("release") String release) {
        Dataset ds = datasets.require(key);
        ReleaseLabelSource.Frozen frozen = release == null || release.isBlank() ? null
                : AuditResource.frozen(releases, ds, release);
        MetricsService.Computed computed = frozen == null ? metrics.compute(ds.id, null)
                : metrics.compute(ds.id, null, frozen);
        MetricsService.MetricsView view = MetricsService.MetricsView.of(ds.key, frozen == null ? null : frozen.release(),
                computed);
        List<ModelMetrics> models = computed.models();
        List<String> histograms = new ArrayList<>();
        Histogram original = computed.figures().originalLabelSf();
        // a release holds labels, not selection frequencies: its dashboard has no SF histograms
        if (frozen == null) computed.figures().top1SfByModel().forEach((m, h) ->
                histograms.add(SvgCharts.sfHistogram("Selection frequency: original labels vs top-1 of " + m,
                        original, "original labels", h, "top-1 of " + m)));
        if (histograms.isEmpty() && frozen == null) {
            histograms.add(SvgCharts.sfHistogram("Selection frequency of the original labels", original, "original labels",
                    Histogram.of(new double[0], Histogram.DEFAULT_BINS), "no model"));
        }
        Charts charts = new Charts(
                SvgCharts.accuracyScatter("Accuracy: original labels vs any valid label (ReaL)", models,
                        AccuracyKind.ORIGINAL_TOP1, AccuracyKind.ANY_VALID),
                SvgCharts.accuracyScatter("Accuracy: original labels vs main label", models,
                        AccuracyKind.ORIGINAL_TOP1, AccuracyKind.MAIN_LABEL),
                SvgCharts.accuracyByObjects("Any-valid-label accuracy by number of objects", models, AccuracyKind.ANY_VALID),
                histograms,
                SvgCharts.annotatorQuality(metrics.annotatorPoints(ds.id)));
        MetricsService.ModelView classMetrics = view.models().stream()
                .filter(m -> model == null || m.model().equals(model)).findFirst().orElse(null);
        boolean canReview = identity.hasRole(Roles.ADMIN) || identity.hasRole(Roles.CURATOR);
        return Templates.dashboard(ds, view, charts, findings.openByKind(ds.id),
                classMetrics == null ? null : classMetrics.model(), classMetrics, canReview,
                releases.isResolvable() ? releases.get().names(ds.id) : List.of());
    }

    // ---------------------------------------------------------------- review queue

    @GET
    @Path("review")
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public TemplateInstance review(@PathParam("d") String key, @QueryParam("kind") String kindText,
                                   @QueryParam("finding") Long findingId) {
        Dataset ds = datasets.require(key);
        FindingKind kind = FindingService.kind(kindText);
        FindingService.FindingView finding;
        if (findingId != null) {
            finding = findings.require(ds.id, findingId);
        } else {
            List<FindingService.FindingView> first = findings.page(ds.id, kind, FindingService.OPEN, null, 1, false).findings();
            finding = first.isEmpty() ? null : first.get(0);
        }
        QueueItem item = finding == null ? null : item(ds, finding, kind);
        return Templates.review(ds, item, findings.openByKind(ds.id), kind == null ? null : kind.name(), finding == null);
    }

    private QueueItem item(Dataset ds, FindingService.FindingView f, FindingKind kind) {
        long imageId = findings.imageId(f.id());
        Image image = QuarkusTransaction.joiningExisting().call(() -> Image.<Image>findById(imageId));
        ReviewedLabels.Effective e = reviewed.one(ds.id, imageId);
        Map<String, List<RankedLabel>> top = predictions.forImage(imageId, 3);
        Set<String> labels = new LinkedHashSet<>();
        labels.add(e.originalLabel());
        if (e.consensus() != null) labels.addAll(e.consensus().labels().keySet());
        if (e.valid() != null) labels.addAll(e.valid());
        top.values().forEach(l -> l.forEach(r -> labels.add(r.label())));
        Map<String, String> names = classNames(ds.id, labels);
        List<SfBar> bars = new ArrayList<>();
        if (e.consensus() != null) {
            Set<String> valid = new LinkedHashSet<>(e.consensus().valid());
            e.consensus().labels().forEach((label, s) -> bars.add(new SfBar(label, names.getOrDefault(label, label), s.sf(),
                    s.shown(), valid.contains(label), label.equals(e.consensus().main()), s.main(),
                    label.equals(e.originalLabel()), Math.round(s.sf() * 100))));
            bars.sort(Comparator.comparingDouble(SfBar::sf).reversed().thenComparing(SfBar::label));
        }
        List<ModelTop> models = new ArrayList<>();
        top.forEach((m, ranked) -> models.add(new ModelTop(m, ranked,
                !ranked.isEmpty() && ranked.get(0).label().equals(e.originalLabel()))));
        FindingService.Cursor here = FindingService.Cursor.of(f);
        List<FindingService.FindingView> prev = findings.page(ds.id, kind, null, here, 1, true).findings();
        List<FindingService.FindingView> next = findings.page(ds.id, kind, null, here, 1, false).findings();
        String base = "/datasets/" + enc(ds.key) + "/review?" + (kind == null ? "" : "kind=" + kind.name() + "&") + "finding=";
        String grid = "/datasets/" + enc(ds.key) + "/review/grid?kind=" + (kind == null ? f.kind().name() : kind.name());
        List<String> handValid = e.valid() == null ? List.of(e.originalLabel()) : List.copyOf(e.valid());
        return new QueueItem(f, image.hasPixels() ? "/media/" + image.contentHash + "/preview" : null, e.originalLabel(),
                names.getOrDefault(e.originalLabel(), e.originalLabel()), e, bars, models, consensus.judgments(imageId),
                reviews.history(imageId), findings.ofImage(imageId),
                prev.isEmpty() ? null : base + prev.get(0).id(), next.isEmpty() ? null : base + next.get(0).id(), grid,
                String.join(" ", handValid), e.main() == null ? "" : e.main());
    }

    private static Map<String, String> classNames(long datasetId, Collection<String> keys) {
        if (keys.isEmpty()) return Map.of();
        Map<String, String> out = new HashMap<>();
        QuarkusTransaction.joiningExisting().run(() -> DatasetClass.<DatasetClass>find("datasetId = ?1 and key in ?2",
                datasetId, List.copyOf(keys)).stream().forEach(c -> out.put(c.key, c.name)));
        return out;
    }

    /** Stores a decision from the queue's form and goes on to the next open finding. */
    @POST
    @Path("review/{finding}")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public Response decide(@PathParam("d") String key, @PathParam("finding") long findingId,
                           @FormParam("decision") String decision, @FormParam("reason") String reason,
                           @FormParam("supersedes") String supersedes, @FormParam("labels") String labels,
                           @FormParam("main") String main, @FormParam("kind") String kindText) {
        Dataset ds = datasets.require(key);
        FindingKind kind = FindingService.kind(kindText);
        FindingService.FindingView f = findings.require(ds.id, findingId);
        boolean byHand = "SET_BY_HAND".equalsIgnoreCase(decision == null ? "" : decision.trim());
        reviews.decide(ds.id, findings.imageId(findingId), new ReviewService.Request(decision, reason,
                byHand ? LabelSets.list(labels == null ? "" : labels.replace(',', ' ')) : null,
                byHand ? main : null, parseLong(supersedes), f.kind().name()), identity.getPrincipal().getName());
        List<FindingService.FindingView> next = findings.page(ds.id, kind, FindingService.OPEN,
                FindingService.Cursor.of(f), 1, false).findings();
        String base = "/datasets/" + enc(ds.key) + "/review?" + (kind == null ? "" : "kind=" + kind.name() + "&");
        if (next.isEmpty()) {
            // wrap around: open findings before this one
            next = findings.page(ds.id, kind, FindingService.OPEN, null, 1, false).findings();
        }
        return Response.seeOther(URI.create(next.isEmpty() ? base + "done=true" : base + "finding=" + next.get(0).id()))
                .build();
    }

    private static Long parseLong(String s) {
        if (s == null || s.isBlank()) return null;
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw ProblemException.badRequest("supersedes must be a decision id");
        }
    }

    // ---------------------------------------------------------------- grid

    @GET
    @Path("review/grid")
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public TemplateInstance grid(@PathParam("d") String key, @QueryParam("kind") String kindText,
                                 @QueryParam("after") String after, @QueryParam("accepted") int accepted) {
        Dataset ds = datasets.require(key);
        FindingKind kind = FindingService.kind(kindText);
        if (kind == null) kind = FindingKind.LABEL_ERROR;
        FindingService.Page page = findings.page(ds.id, kind, FindingService.OPEN, FindingService.Cursor.parse(after),
                config.gridPageSize(), false);
        List<GridTile> tiles = new ArrayList<>();
        for (FindingService.FindingView f : page.findings()) {
            long imageId = findings.imageId(f.id());
            Image image = QuarkusTransaction.joiningExisting().call(() -> Image.<Image>findById(imageId));
            ReviewedLabels.Effective e = reviewed.one(ds.id, imageId);
            tiles.add(new GridTile(f, image.hasPixels() ? "/media/" + image.contentHash + "/preview" : null,
                    e.originalLabel(), e.consensus() == null ? List.of() : e.consensus().valid(),
                    e.consensus() == null ? null : e.consensus().main(),
                    e.decision() == null ? null : e.decision().id()));
        }
        String last = page.findings().isEmpty() ? null
                : FindingService.Cursor.of(page.findings().get(page.findings().size() - 1)).toString();
        return Templates.grid(ds, tiles, findings.openByKind(ds.id), kind.name(), last, after, accepted);
    }

    /** Accepts the consensus of every checked tile; unchecked tiles stay open. */
    @POST
    @Path("review/grid")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.ADMIN, Roles.CURATOR})
    public Response gridDecide(@PathParam("d") String key, MultivaluedMap<String, String> form) {
        Dataset ds = datasets.require(key);
        FindingKind kind = FindingService.kind(form.getFirst("kind"));
        if (kind == null) kind = FindingKind.LABEL_ERROR;
        List<String> accept = form.get("accept") == null ? List.of() : form.get("accept");
        Map<Long, Long> supersedes = new LinkedHashMap<>();
        form.forEach((name, values) -> {
            if (name.startsWith("sup-") && !values.isEmpty() && !values.get(0).isBlank()) {
                supersedes.put(Long.parseLong(name.substring(4)), Long.parseLong(values.get(0)));
            }
        });
        String reason = "grid verification of " + kind.name() + " findings";
        int accepted = 0;
        for (String id : accept) {
            long findingId = Long.parseLong(id);
            FindingService.FindingView f = findings.require(ds.id, findingId);
            reviews.decide(ds.id, findings.imageId(findingId), new ReviewService.Request(ReviewStatus.ACCEPTED_CONSENSUS.name(),
                    reason, null, null, supersedes.get(findingId), f.kind().name()), identity.getPrincipal().getName());
            accepted++;
        }
        String after = form.getFirst("after");
        return Response.seeOther(URI.create("/datasets/" + enc(ds.key) + "/review/grid?kind=" + kind.name()
                + "&accepted=" + accepted + (after == null || after.isBlank() ? "" : "&after=" + enc(after)))).build();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
