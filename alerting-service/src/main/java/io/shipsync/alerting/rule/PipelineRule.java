package io.shipsync.alerting.rule;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.shipsync.alerting.Alerts;
import io.shipsync.alerting.Observation;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.RuleBook;
import io.shipsync.alerting.Subject;
import io.shipsync.alerting.client.ServiceMetrics;
import io.shipsync.alerting.client.ServiceMetrics.Figures;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The pipeline's health from the services' metrics: a consumer stalled (CONSUMER_STALLED, subject the service), a work
 * queue's oldest due item waiting past the window (QUEUE_STALLED) or dead items in it (QUEUE_DEAD_ITEMS), subject
 * {@code <service>/<queue>}. These belong to no merchant: they are raised under the operations shop
 * ({@code shipsync.alerting.pipeline.shop}), whose tokens the provider's on-call operators hold, and whose rule
 * settings set their windows. Each alert holds while its figure does and resolves when it drops; a service that can't
 * be read changes nothing (its being down is for the platform's own monitoring to say). Wall-clock figures: unlike the
 * read model, nothing here is replayed.
 */
@ApplicationScoped
public class PipelineRule {

    private static final Logger LOG = Logger.getLogger(PipelineRule.class);

    private final ServiceMetrics metrics;
    private final Alerts alerts;
    private final RuleBook rules;
    private final Clock clock;
    private final String shopId;
    private final Map<String, URI> services = new LinkedHashMap<>();

    PipelineRule(ServiceMetrics metrics, Alerts alerts, RuleBook rules, Clock clock,
                 @ConfigProperty(name = "shipsync.alerting.pipeline.shop") String shopId,
                 @ConfigProperty(name = "shipsync.alerting.pipeline.services") List<String> services) {
        this.metrics = metrics;
        this.alerts = alerts;
        this.rules = rules;
        this.clock = clock;
        this.shopId = shopId;
        for (String entry : services) {
            int equals = entry.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("shipsync.alerting.pipeline.services: '" + entry + "' is not name=url");
            }
            this.services.put(entry.substring(0, equals).trim(), URI.create(entry.substring(equals + 1).trim()));
        }
    }

    /** The shop pipeline alerts are raised under. */
    public String shopId() {
        return shopId;
    }

    @Scheduled(every = "${shipsync.alerting.pipeline.interval}", delayed = "${shipsync.alerting.pipeline.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void checkAll() {
        services.forEach(this::check);
    }

    /** Reads one service's figures and raises, holds or clears its alerts. */
    public void check(String service, URI baseUrl) {
        Figures figures;
        try {
            figures = metrics.read(baseUrl);
        } catch (ServiceMetrics.Unreachable e) {
            LOG.debugf("Pipeline figures of %s unavailable: %s", service, e.getMessage());
            return;
        }
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> judge(service, figures, now));
    }

    private void judge(String service, Figures figures, Instant now) {
        long consumerWindow = rules.of(shopId, Rule.CONSUMER_STALLED).window().toSeconds();
        holdsWhile(figures.consumerStallSeconds() >= consumerWindow, Rule.CONSUMER_STALLED, Subject.service(service),
                service + ": a consumer has waited " + Math.round(figures.consumerStallSeconds())
                        + " s on one record (a dependency down?); see its /q/health and log", now);
        long queueWindow = rules.of(shopId, Rule.QUEUE_STALLED).window().toSeconds();
        Set<String> queues = new TreeSet<>(figures.oldestDueSeconds().keySet());
        queues.addAll(figures.deadItems().keySet());
        for (String queue : queues) {
            Subject subject = Subject.service(service + "/" + queue);
            double oldest = figures.oldestDueSeconds().getOrDefault(queue, 0.0);
            holdsWhile(oldest >= queueWindow, Rule.QUEUE_STALLED, subject, service + ": work queue " + queue
                    + "'s oldest due item has waited " + Math.round(oldest) + " s", now);
            double dead = figures.deadItems().getOrDefault(queue, 0.0);
            holdsWhile(dead > 0, Rule.QUEUE_DEAD_ITEMS, subject, service + ": work queue " + queue + " holds "
                    + Math.round(dead) + " item(s) that failed for good", now);
        }
    }

    private void holdsWhile(boolean holding, Rule rule, Subject subject, String note, Instant now) {
        if (holding) {
            alerts.holds(new Observation(shopId, rule, subject, note, now, null));
        } else {
            alerts.cleared(new Observation(shopId, rule, subject, "the figure is back under its threshold", now, null));
        }
    }
}
