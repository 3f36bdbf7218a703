package org.relabel.annotation;

import java.time.OffsetDateTime;
import java.util.List;
import org.relabel.annotation.domain.ImageSelection;

/**
 * A campaign as curators and admins see it: settings, state and progress.
 *
 * @param goldAnswers number of gold images with known answers set on the campaign
 */
public record CampaignView(long id, String dataset, String name, Campaign.State state, String instructions,
                           List<String> models, int topK, int maxCandidates, ImageSelection selection, int overlap,
                           double goldRate, int leaseSeconds, String completionCode, int completionAfter,
                           long goldAnswers, String openJob, String createdBy, OffsetDateTime createdAt,
                           OffsetDateTime openedAt, OffsetDateTime closedAt, Stats stats) {

    /**
     * Progress of an open campaign.
     *
     * @param images          regular images (gold excluded)
     * @param goldImages      gold images
     * @param wanted          judgments wanted: images x overlap, plus those curators asked for on top
     * @param judgments       judgments received on regular images
     * @param goldJudgments   judgments received on gold images
     * @param completeImages  regular images with all their judgments
     * @param activeLeases    images leased right now
     * @param skips           assignments skipped
     * @param annotators      distinct annotators who submitted
     */
    public record Stats(long images, long goldImages, long wanted, long judgments, long goldJudgments,
                        long completeImages, long activeLeases, long skips, long annotators) {
    }
}
