package org.relabel.annotation;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.jboss.logging.Logger;
import org.relabel.audit.MoreJudgmentsRequested;

/**
 * A curator's "ask for more judgments" puts the image back into the queue of every open campaign of
 * its dataset that holds it (not as a gold image): its judgments wanted grow by
 * {@code relabel.annotation.more-judgments} on top of the campaign's overlap. Annotators who judged
 * the image already never get it again, so the new judgments come from other people. When no open
 * campaign holds the image, the request stays on record in the audit log and nothing else changes.
 */
@ApplicationScoped
public class MoreJudgments {
    private static final Logger LOG = Logger.getLogger(MoreJudgments.class);

    @Inject
    AgroalDataSource dataSource;
    @Inject
    AnnotationConfig config;

    void onRequest(@Observes MoreJudgmentsRequested request) {
        int campaigns = requeue(request.datasetId(), request.imageId(), config.moreJudgments());
        LOG.debugf("image %d re-queued in %d open campaign(s)", request.imageId(), campaigns);
    }

    /** Raises the judgments wanted of one image in the open campaigns of its dataset; returns how many campaigns. */
    public int requeue(long datasetId, long imageId, int more) {
        return QuarkusTransaction.requiringNew().call(() -> {
            try (Connection c = dataSource.getConnection()) {
                return Sql.update(c, "UPDATE campaign_image SET extra_wanted = extra_wanted + ? WHERE image_id = ? "
                        + "AND gold = FALSE AND campaign_id IN (SELECT id FROM campaign WHERE dataset_id = ? AND state = 'OPEN')",
                        more, imageId, datasetId);
            } catch (SQLException e) {
                throw new Sql.DataException(e);
            }
        });
    }
}
