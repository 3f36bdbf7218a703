package org.relabel.export;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.nio.file.Path;
import java.util.Optional;

/** Settings of releases (prefix {@code relabel.release}). */
@ConfigMapping(prefix = "relabel.release")
public interface ReleaseConfig {

    /**
     * Whether the judgments of a release name annotators by pseudonym ({@code annotator-} and 16 hex digits of an
     * HMAC of the dataset and the annotator, so the same annotator has the same pseudonym in every release of a
     * dataset) rather than by user name or external annotator id. Releases are meant to be published; keep this on
     * unless every annotator agreed to be named.
     */
    @WithDefault("true")
    boolean pseudonymousAnnotators();

    /**
     * The secret behind the pseudonyms (at least 16 characters; env {@code RELABEL_RELEASE_PSEUDONYM_KEY}). When
     * unset, a random key is created once in {@code <data-dir>/secret/release-pseudonyms.key}. Changing it changes
     * every pseudonym in later releases.
     */
    Optional<String> pseudonymKey();

    /**
     * Where release files are written ({@code <dir>/<dataset id>/v<version>/}); default {@code <data-dir>/releases}.
     * Several instances must share it, like the data directory.
     */
    Optional<Path> directory();
}
