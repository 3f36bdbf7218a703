package org.relabel.annotation;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;
import java.util.Optional;

/** Campaigns, the assignment queue and crowd invites (prefix {@code relabel.annotation}). */
@ConfigMapping(prefix = "relabel.annotation")
public interface AnnotationConfig {

    /**
     * Secret (at least 32 characters) that signs invite links and crowd-worker sessions (env
     * {@code RELABEL_ANNOTATION_INVITE_KEY}). When absent, a random key is generated at first use
     * and kept in {@code <data-dir>/keys/invite.key}, so instances that share the data directory
     * agree; set it explicitly when they do not. Changing it invalidates every invite link and
     * signs every crowd worker out.
     */
    Optional<String> inviteKey();

    /** How long a crowd worker stays signed in after opening an invite link. */
    @WithDefault("12h")
    Duration crowdSession();

    /**
     * Most images one annotator may hold leased at once in a campaign. The annotator page holds
     * two (the current image and the prefetched next one) and one more after an undo.
     */
    @WithDefault("3")
    int maxLeases();

    /** How often expired leases are returned to the queue, e.g. {@code 5s}. */
    @WithDefault("5s")
    String reapEvery();

    /**
     * How often, in seconds, a campaign's "left in campaign" figures are read from its queue rows (a sum over all of
     * them); in between, the judgments still wanted go down by those this instance stored.
     */
    @WithDefault("60")
    int progressCacheSeconds();

    /**
     * Judgments added to an image's share of its open campaigns when a curator asks for more judgments
     * of it in the review queue (the image goes back into the queue until they arrive).
     */
    @WithDefault("3")
    int moreJudgments();

    /** Defaults of new campaigns. */
    Defaults defaults();

    /** The group commit of submissions ({@link JudgmentWriter}). */
    GroupCommit groupCommit();

    /** The group commit of submissions: how many are stored together, by how many writers. */
    interface GroupCommit {
        /**
         * Writer threads per instance, each storing one batch at a time in its own transaction. One is the
         * fastest measured: a second one mostly waits for the first, because consecutive batches touch the same
         * queue rows (an image is leased to several annotators at once), and it costs more CPU per judgment. Writers
         * that owned disjoint sets of images (tried: no waiting, smaller batches) were no faster either.
         */
        @WithDefault("1")
        int writers();

        /**
         * Most submissions stored in one transaction. Larger batches cost less per judgment: 300 annotators in a
         * closed loop stored 1,021 judgments/s with at most 128 per batch and 1,282/s with at most 512.
         */
        @WithDefault("512")
        int maxBatch();
    }

    /** Defaults of new campaigns (each can be set per campaign). */
    interface Defaults {
        /** Top-k of each model that enters the candidate set. */
        @WithDefault("5")
        int topK();

        /** Largest candidate set (at most 30). */
        @WithDefault("12")
        int maxCandidates();

        /** Judgments wanted per image. */
        @WithDefault("5")
        int overlap();

        /** How long an image stays leased to an annotator. */
        @WithDefault("10m")
        Duration lease();

        /** Judgments after which a crowd worker sees the campaign's completion code. */
        @WithDefault("20")
        int completionAfter();
    }
}
