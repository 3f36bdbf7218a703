package org.relabel.audit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import org.relabel.audit.domain.FindingParams;

/** Settings of the audit: finding thresholds and page sizes (prefix {@code relabel.audit}). */
@ConfigMapping(prefix = "relabel.audit")
public interface AuditConfig {

    /** Thresholds of the finding rules (defaults: {@link FindingParams#DEFAULTS}, see docs/methodology.md). */
    Findings findings();

    /** Thumbnails per page in the review grid. */
    @WithDefault("48")
    int gridPageSize();

    /** Thresholds of the finding rules. */
    interface Findings {
        /** LABEL_ERROR when the selection frequency (SF) of the original label is at most this. */
        @WithDefault("0.3")
        double labelErrorMaxOriginalSf();

        /** ... and another shown label has an SF of at least this (Recht et al. 2019 used 0.7). */
        @WithDefault("0.7")
        double labelErrorMinOtherSf();

        /** MULTIPLE_OBJECTS when the valid label set has at least this many labels (at least 2). */
        @WithDefault("2")
        int multipleObjectsMinValidLabels();

        /** AMBIGUOUS_MAIN when the two largest main-label vote shares differ by at most this. */
        @WithDefault("0.2")
        double ambiguousMainMaxGap();

        /**
         * MODEL_AGREES_WITH_ORIGINAL_NOT_PEOPLE needs strictly more than this share of the models with a
         * prediction to predict the original label.
         */
        @WithDefault("0.5")
        double modelMajority();

        /** ... and at least this many models with a prediction for the image. */
        @WithDefault("1")
        int minModels();

        /** Judgments an image needs; fewer gives TOO_FEW_JUDGMENTS and silences the other rules. */
        @WithDefault("3")
        int minJudgments();

        /** Whether images without any judgment get TOO_FEW_JUDGMENTS too (false: only partly judged images). */
        @WithDefault("false")
        boolean flagUnjudged();

        /** The thresholds as the domain's parameter record (validated there). */
        default FindingParams params() {
            return new FindingParams(labelErrorMaxOriginalSf(), labelErrorMinOtherSf(), multipleObjectsMinValidLabels(),
                    ambiguousMainMaxGap(), modelMajority(), minModels(), minJudgments(), flagUnjudged());
        }
    }
}
