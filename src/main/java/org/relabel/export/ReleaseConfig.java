package org.relabel.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of releases (prefix {@code relabel.release}). */
@ConfigMapping(prefix = "relabel.release")
public interface ReleaseConfig {

    /**
     * Whether the judgments of a release name annotators by pseudonym ({@code annotator-0001}, numbered in the order
     * of their first judgment in the dataset, so the same annotator has the same pseudonym in every release) rather
     * than by user name or external annotator id. Releases are meant to be published; keep this on unless every
     * annotator agreed to be named.
     */
    @WithDefault("true")
    boolean pseudonymousAnnotators();

    /**
     * Where release files are written ({@code <dir>/<dataset id>/v<version>/}); default {@code <data-dir>/releases}.
     * Several instances must share it, like the data directory.
     */
    Optional<Path> directory();
}
