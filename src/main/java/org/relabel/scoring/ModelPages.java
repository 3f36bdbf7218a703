package org.relabel.scoring;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
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
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.relabel.account.CurrentUser;
import org.relabel.account.DatasetAccess;
import org.relabel.account.Roles;
import org.relabel.audit.domain.Proportion;
import org.relabel.dataset.Dataset;
import org.relabel.dataset.DatasetService;
import org.relabel.job.Job;
import org.relabel.job.JobService;
import org.relabel.job.JobState;
import org.relabel.scoring.engine.ChannelOrder;
import org.relabel.scoring.engine.Preprocessing;
import org.relabel.web.Problem;
import org.relabel.web.ProblemException;

/**
 * The models page of a dataset: registered models with their accuracy against the original labels, a form
 * to register a model file (with its preprocessing and output mapping), a button to score each model, and the
 * dataset's scoring jobs with live progress ({@code /js/app.js} polls {@code /api/jobs/{id}}). Forms are
 * plain HTML posts with a CSRF token; a rejected model is shown on the page with the reason and, for a
 * synset file, the offending lines.
 */
@Path("/datasets/{d}/models")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed({Roles.ADMIN, Roles.CURATOR, Roles.RESEARCHER})
public class ModelPages {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance models(Dataset dataset, List<ModelRow> models, long imagesWithPixels,
                                              List<JobRow> jobs, boolean canRun, ModelForm form, PageProblem problem,
                                              String message);
    }

    /** One model as the page lists it. */
    public record ModelRow(String name, String format, String outputs, int topK, long scoredImages, String top1,
                           String top1Detail, String top5, String top5Detail, boolean runnable) {
        static ModelRow of(ModelQueries.ModelView m) {
            return new ModelRow(m.name(), m.format().toLowerCase(Locale.ROOT), outputs(m.outputMapping()), m.topK(),
                    m.scoredImages(), pct(m.top1()), detail(m.top1()), pct(m.top5()), detail(m.top5()),
                    !Model.IMPORTED.equals(m.format()));
        }

        private static String outputs(String mapping) {
            if (mapping == null) return "imported predictions";
            return mapping.equals("synset") ? "synset file" : "classes' index";
        }

        private static String pct(Proportion p) {
            return p == null ? "–" : String.format(Locale.ROOT, "%.1f%%", 100 * p.value());
        }

        private static String detail(Proportion p) {
            return p == null ? "" : String.format(Locale.ROOT, "%d / %d · 95%% CI %.1f–%.1f%%", p.successes(), p.n(),
                    100 * p.lo(), 100 * p.hi());
        }
    }

    /** One scoring job; {@code active} jobs are followed live by the page's script. */
    public record JobRow(String id, String state, double progress, String message, String started, String by,
                         boolean active) {
        static JobRow of(Job j, ObjectMapper mapper) {
            boolean active = j.state == JobState.QUEUED || j.state == JobState.RUNNING;
            return new JobRow(j.id, j.state.name().toLowerCase(Locale.ROOT), j.progress, message(j, mapper),
                    j.createdAt == null ? "" : j.createdAt.atZoneSameInstant(java.time.ZoneOffset.UTC)
                            .format(java.time.format.DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)),
                    j.createdBy, active);
        }

        /** A finished scoring job says what it did: "resnet: 5 images scored, 1 failed, 12.3 images/s". */
        private static String message(Job j, ObjectMapper mapper) {
            if (j.state == JobState.SUCCEEDED && j.result != null) {
                try {
                    ScoringJob.Summary r = mapper.readValue(j.result, ScoringJob.Summary.class);
                    return String.format(Locale.ROOT, "%s: %d images scored%s%s, %.1f images/s", r.model(), r.scored(),
                            r.failed() > 0 ? ", " + r.failed() + " failed" : "",
                            r.alreadyScored() > 0 ? " (" + r.alreadyScored() + " scored before)" : "", r.imagesPerSecond());
                } catch (java.io.IOException | RuntimeException e) {
                    // an older or foreign result: fall back to the message
                }
            }
            return j.message == null ? "" : j.message;
        }
    }

    /** What was typed into the registration form, shown again when it is rejected. */
    public record ModelForm(String name, String format, String size, String resize, String centerCrop, String mean,
                            String std, String channels) {
        static final ModelForm EMPTY = new ModelForm("", "", "", "", "", "", "", "");

        public ModelForm {
            name = clean(name);
            format = clean(format);
            size = clean(size);
            resize = clean(resize);
            centerCrop = clean(centerCrop);
            mean = clean(mean);
            std = clean(std);
            channels = clean(channels);
        }

        private static String clean(String s) {
            return s == null ? "" : s.strip();
        }

        /** The preprocessing the fields describe; null when all are empty (the model's default). */
        Preprocessing preprocessing() {
            if (size.isEmpty() && resize.isEmpty() && centerCrop.isEmpty() && mean.isEmpty() && std.isEmpty()
                    && channels.isEmpty()) {
                return null;
            }
            Boolean crop = centerCrop.isEmpty() ? null : Boolean.valueOf(centerCrop.equals("true"));
            ChannelOrder order;
            try {
                order = channels.isEmpty() ? null : ChannelOrder.valueOf(channels.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("channel order must be RGB or BGR");
            }
            try {
                return new Preprocessing(whole(size, "input size"), whole(resize, "resize"), crop,
                        three(mean, "mean"), three(std, "std"), order);
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest("invalid preprocessing: " + e.getMessage());
            }
        }

        private static Integer whole(String text, String what) {
            if (text.isEmpty()) return null;
            try {
                return Integer.valueOf(text);
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest(what + " must be a whole number of pixels, was '" + text + "'");
            }
        }

        private static double[] three(String text, String what) {
            if (text.isEmpty()) return null;
            String[] parts = text.split("[,;\\s]+");
            double[] values = new double[parts.length];
            try {
                for (int i = 0; i < parts.length; i++) values[i] = Double.parseDouble(parts[i]);
            } catch (NumberFormatException e) {
                values = new double[0];
            }
            if (values.length != 3) {
                throw ProblemException.badRequest(what + " needs 3 numbers separated by commas, one per channel"
                        + " (for example 0.485, 0.456, 0.406), was '" + text + "'");
            }
            return values;
        }
    }

    /** A rejected form, for the page: title, what is wrong, and the offending lines of an uploaded file. */
    public record PageProblem(String title, String detail, List<String> errors, long more) {
        static PageProblem of(ProblemException e) {
            List<String> lines = e.errors().stream().map(Problem.FieldError::toString).toList();
            return new PageProblem(e.title(), e.getMessage(), lines, Math.max(0, e.errorCount() - lines.size()));
        }
    }

    @Inject
    DatasetService datasets;
    @Inject
    ModelQueries queries;
    @Inject
    ModelRegistry registry;
    @Inject
    ScoringJob scoring;
    @Inject
    JobService jobs;
    @Inject
    CurrentUser user;
    @Inject
    DatasetAccess access;
    @Inject
    SecurityIdentity identity;
    @Inject
    ObjectMapper mapper;

    @GET
    public TemplateInstance page(@PathParam("d") String key, @QueryParam("registered") String registered,
                                 @QueryParam("started") String started) {
        Dataset ds = datasets.require(key);
        String message = registered != null ? "Model '" + registered + "' was registered. Score it to see its accuracy."
                : started != null ? "Scoring of '" + started + "' started; its progress is shown below." : null;
        return render(ds, ModelForm.EMPTY, null, message);
    }

    /** Registers a model from the form (multipart: the model file and, optionally, a synset file). */
    @POST
    @Consumes(MediaType.MULTIPART_FORM_DATA)
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response register(@PathParam("d") String key, @RestForm("name") String name, @RestForm("format") String format,
                             @RestForm("size") String size, @RestForm("resize") String resize,
                             @RestForm("centerCrop") String centerCrop, @RestForm("mean") String mean,
                             @RestForm("std") String std, @RestForm("channels") String channels,
                             @RestForm("file") FileUpload file, @RestForm("synset") FileUpload synset) {
        Dataset ds = datasets.require(key, Roles.RESEARCHER);
        ModelForm form = new ModelForm(name, format, size, resize, centerCrop, mean, std, channels);
        try {
            if (empty(file)) throw ProblemException.badRequest("choose the model file (.pt, .onnx or a .zip of a DJL model)");
            Model model = registry.register(ds, form.name(), form.format(), file.uploadedFile(), file.fileName(),
                    form.preprocessing(), empty(synset) ? null : synset.uploadedFile());
            return Response.seeOther(URI.create("/datasets/" + encode(key) + "/models?registered=" + encode(model.name))).build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(ds, form, PageProblem.of(e), null)).build();
        }
    }

    /** Starts a scoring job for a model and comes back to the page, which follows its progress. */
    @POST
    @Path("{m}/score")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    @RolesAllowed({Roles.ADMIN, Roles.RESEARCHER})
    public Response score(@PathParam("d") String key, @PathParam("m") String model, @FormParam("topK") String topK) {
        Dataset ds = datasets.require(key, Roles.RESEARCHER);
        try {
            Integer k;
            try {
                k = topK == null || topK.isBlank() ? null : Integer.valueOf(topK.strip());
            } catch (NumberFormatException e) {
                throw ProblemException.badRequest("top-k must be a whole number between 1 and 100");
            }
            scoring.start(ds, model, k, identity.getPrincipal().getName());
            return Response.seeOther(URI.create("/datasets/" + encode(key) + "/models?started=" + encode(model))).build();
        } catch (ProblemException e) {
            return Response.status(e.status()).entity(render(ds, ModelForm.EMPTY, PageProblem.of(e), null)).build();
        }
    }

    private TemplateInstance render(Dataset ds, ModelForm form, PageProblem problem, String message) {
        List<ModelRow> models = queries.models(ds.id).stream().map(ModelRow::of).toList();
        long withPixels = datasets.summary(ds).counts().getOrDefault("imagesWithPixels", 0L);
        List<JobRow> recent = jobs.recent(ds.id, ScoringJob.KIND, 10).stream().map(j -> JobRow.of(j, mapper)).toList();
        boolean canRun = user.has(Roles.ADMIN) || access.rolesIn(ds.id).contains(Roles.RESEARCHER);
        return Templates.models(ds, models, withPixels, recent, canRun, form, problem, message);
    }

    /** A file input left empty still sends a part, with no file name and no bytes. */
    private static boolean empty(FileUpload upload) {
        return upload == null || upload.size() == 0 && (upload.fileName() == null || upload.fileName().isBlank());
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
