package io.shipsync.alerting.messaging;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.shipsync.alerting.operations.DeadLetterRepository.DeadLetter;
import io.shipsync.alerting.rule.DeadLetterRule;
import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import io.shipsync.events.EventCodec;
import io.shipsync.events.EventEnvelope;
import io.shipsync.events.Topics;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * Reads every service's dead-letter topic ({@code shipsync.dlq.<service>}, subscribed by pattern, alerting-service's own
 * included) into DEAD_LETTERS. Not through the inbox: a letter's event may be one this service applied itself, and a
 * letter is one sighting per Kafka coordinates, not per event. A letter whose envelope can't be read names no shop: it
 * is logged and counted ({@code shipsync.alerting.dead-letters.unattributed}), and the owning service lists it. Nothing
 * here may fail a letter for good, or it would be dead-lettered into a topic this channel reads; the database being
 * away is waited out.
 */
@ApplicationScoped
public class DeadLetterConsumer {

    static final String CHANNEL = "dead-letters";
    private static final Logger LOG = Logger.getLogger(DeadLetterConsumer.class);
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private final DeadLetterRule rule;
    private final EventCodec codec;
    private final Counter unattributed;

    DeadLetterConsumer(DeadLetterRule rule, EventCodec codec, MeterRegistry registry) {
        this.rule = rule;
        this.codec = codec;
        this.unattributed = Counter.builder("shipsync.alerting.dead-letters.unattributed")
                .description("Dead letters whose envelope names no shop").register(registry);
    }

    @Incoming(CHANNEL)
    @Blocking
    public void on(ConsumerRecord<String, String> record) throws InterruptedException {
        EventEnvelope envelope;
        try {
            envelope = codec.read(record.value());
        } catch (RuntimeException unreadable) {
            unattributed.increment();
            LOG.warnf("Dead letter %s-%d@%d names no shop (%s); its service lists it", record.topic(), record.partition(),
                    record.offset(), header(record, "dead-letter-reason"));
            return;
        }
        String service = Topics.deadLetterService(record.topic()).orElse(record.topic());
        String reason = header(record, "dead-letter-reason");
        DeadLetter letter = new DeadLetter(record.topic(), record.partition(), record.offset(), envelope.shopId(), service,
                envelope.eventId(), envelope.eventType(), header(record, "dead-letter-topic"),
                reason == null ? "no reason given" : reason, Instant.ofEpochMilli(record.timestamp()));
        Duration wait = Duration.ofMillis(500);
        while (true) {
            try {
                rule.deadLettered(letter, envelope);
                return;
            } catch (RuntimeException e) {
                if (Failures.classify(e) != FailureKind.TRANSIENT) {
                    LOG.errorf(e, "Dead letter %s-%d@%d of shop %s could not be recorded", record.topic(), record.partition(),
                            record.offset(), envelope.shopId());
                    return;
                }
                LOG.infof("Dead letter %s-%d@%d waits: %s", record.topic(), record.partition(), record.offset(),
                        Failures.describe(e));
                Thread.sleep(wait.toMillis());
                wait = wait.multipliedBy(2).compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait.multipliedBy(2);
            }
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
