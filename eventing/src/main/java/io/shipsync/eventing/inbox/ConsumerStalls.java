package io.shipsync.eventing.inbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Default;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;
import org.jboss.logging.Logger;

/**
 * Partitions whose record is waiting for a dependency to come back. A stalled consumer is not a replica
 * that cannot serve, so the check stays UP: its details, and the metrics {@code shipsync_consumer_stalled}
 * and {@code shipsync_consumer_stall_seconds}, say which partition waits, since when and why.
 */
@Readiness
@Default // also injected as itself, not only collected as a health check
@ApplicationScoped
public class ConsumerStalls implements HealthCheck {

    private static final Logger LOG = Logger.getLogger(ConsumerStalls.class);

    /** A partition waiting on its record at {@code offset}. */
    public record Stall(String topicPartition, long offset, Instant since, int attempts, String reason) {
    }

    private final Map<String, Stall> stalls = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Clock clock;

    ConsumerStalls(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
        Gauge.builder("shipsync.consumer.stalled", stalls, Map::size)
                .description("Partitions whose current record waits for a dependency to come back").register(registry);
        Gauge.builder("shipsync.consumer.stall.seconds", this, s -> s.oldestStall().toMillis() / 1000.0)
                .description("How long the longest-waiting partition has waited").register(registry);
    }

    /** The record failed and will be tried again; logs the first failure of a stall and each tenth. */
    void failed(String topicPartition, long offset, FailureKind kind, Throwable failure) {
        Counter.builder("shipsync.consumer.retries").tag("kind", kind.name().toLowerCase())
                .description("Records tried again after a failure").register(registry).increment();
        Stall stall = stalls.compute(topicPartition, (tp, was) -> new Stall(tp, offset,
                was != null && was.offset() == offset ? was.since() : clock.instant(),
                was != null && was.offset() == offset ? was.attempts() + 1 : 1, Failures.describe(failure)));
        if (stall.attempts() == 1 || stall.attempts() % 10 == 0) {
            LOG.warnf("%s offset %d waits (%s, attempt %d): %s", topicPartition, offset, kind, stall.attempts(), stall.reason());
        }
    }

    void cleared(String topicPartition) {
        Stall was = stalls.remove(topicPartition);
        if (was != null) {
            LOG.infof("%s offset %d went through after %d attempts", topicPartition, was.offset(), was.attempts() + 1);
        }
    }

    /** What waits now, by partition. */
    public Map<String, Stall> current() {
        return new TreeMap<>(stalls);
    }

    private Duration oldestStall() {
        Instant now = clock.instant();
        return stalls.values().stream().map(s -> Duration.between(s.since(), now)).max(Duration::compareTo).orElse(Duration.ZERO);
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("event-consumers").up()
                .withData("stalled", stalls.size());
        current().forEach((tp, stall) -> response.withData(tp, "offset " + stall.offset() + " waiting since " + stall.since()
                + " (" + stall.attempts() + " attempts): " + stall.reason()));
        return response.build();
    }
}
