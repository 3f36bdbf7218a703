package org.relabel;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** Application-wide settings (prefix {@code relabel}). */
@ConfigMapping(prefix = "relabel")
public interface RelabelConfig {

    /**
     * Directory for the embedded H2 database, stored images, previews and cached demo models
     * (env {@code RELABEL_DATA_DIR}, default {@code ./data}). Several instances must share it.
     */
    Path dataDir();

    /**
     * Password of the first admin, used once at first start (env {@code RELABEL_ADMIN_PASSWORD}); when
     * absent a generated password is printed once in the log.
     */
    Optional<String> adminPassword();

    /** Upload settings. */
    Upload upload();

    /** Background job settings. */
    Jobs jobs();

    /** Upload settings. */
    interface Upload {
        /** Largest accepted request body (CSV, JSONL, zip, model file), e.g. {@code 2G}; larger uploads get 413. */
        String maxSize();

        /** Most validation errors listed in one rejected upload before the rest are only counted. */
        @WithDefault("50")
        int maxReportedErrors();

        /** Longest side in pixels of the preview generated once per stored image. */
        @WithDefault("256")
        int previewSize();
    }

    /** Background job settings. */
    interface Jobs {
        /** Jobs run at once by this instance. */
        @WithDefault("2")
        int threads();

        /** A running job whose heartbeat is older than this many seconds is taken over (resumed or failed). */
        @WithDefault("60")
        int staleAfterSeconds();

        /**
         * Job kinds this instance claims from the queue, comma-separated (env {@code RELABEL_JOBS_KINDS}), e.g.
         * {@code score-model} on a scoring worker that runs on a GPU node. Absent or empty: every kind. Jobs of
         * other kinds stay queued until an instance that claims them is free. An unknown kind stops the start.
         */
        Optional<List<String>> kinds();

        /**
         * Job kinds this instance never claims, comma-separated (env {@code RELABEL_JOBS_EXCLUDE_KINDS}), e.g.
         * {@code score-model} on web replicas that leave scoring to workers. Applied after {@link #kinds()}.
         * An unknown kind stops the start.
         */
        Optional<List<String>> excludeKinds();
    }
}
