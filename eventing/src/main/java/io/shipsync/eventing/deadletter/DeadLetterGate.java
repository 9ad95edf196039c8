package io.shipsync.eventing.deadletter;

import io.shipsync.eventing.failure.FailureKind;
import io.shipsync.eventing.failure.Failures;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.IncomingKafkaRecord;
import io.smallrye.reactive.messaging.kafka.KafkaConnectorIncomingConfiguration;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.smallrye.reactive.messaging.kafka.fault.KafkaFailureHandler;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.function.BiConsumer;
import org.eclipse.microprofile.reactive.messaging.Metadata;

/**
 * The failure strategy of every ShipSync channel ({@code failure-strategy=shipsync}): a record that failed
 * for good goes to the service's dead-letter topic with the reason and its origin; a record that failed
 * because a dependency is down is never dead-lettered — the channel stops at it, uncommitted, and the
 * record is read again by the next consumer of its partition. The {@link io.shipsync.eventing.inbox.Inbox}
 * already waits out outages; this gate is what keeps a transient failure out of the dead letters even when
 * it escapes (the service stopping mid-wait).
 */
@ApplicationScoped
@Identifier(DeadLetterGate.STRATEGY)
public class DeadLetterGate implements KafkaFailureHandler.Factory {

    public static final String STRATEGY = "shipsync";

    private final KafkaFailureHandler.Factory deadLetters;
    private final KafkaFailureHandler.Factory stop;

    DeadLetterGate(@Identifier(KafkaFailureHandler.Strategy.DEAD_LETTER_QUEUE) KafkaFailureHandler.Factory deadLetters,
                   @Identifier(KafkaFailureHandler.Strategy.FAIL) KafkaFailureHandler.Factory stop) {
        this.deadLetters = deadLetters;
        this.stop = stop;
    }

    @Override
    public KafkaFailureHandler create(KafkaConnectorIncomingConfiguration config, Vertx vertx, KafkaConsumer<?, ?> consumer,
                                      BiConsumer<Throwable, Boolean> reportFailure) {
        KafkaFailureHandler toDeadLetters = deadLetters.create(config, vertx, consumer, reportFailure);
        KafkaFailureHandler toStop = stop.create(config, vertx, consumer, reportFailure);
        return new KafkaFailureHandler() {
            @Override
            public <K, V> Uni<Void> handle(IncomingKafkaRecord<K, V> record, Throwable reason, Metadata metadata) {
                return Failures.classify(reason) == FailureKind.TRANSIENT
                        ? toStop.handle(record, reason, metadata)
                        : toDeadLetters.handle(record, reason, metadata);
            }

            @Override
            public void terminate() {
                toDeadLetters.terminate();
                toStop.terminate();
            }
        };
    }
}
