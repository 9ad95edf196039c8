package io.shipsync.events;

import java.util.Optional;
import java.util.regex.Pattern;

/** Kafka topic names. One topic per aggregate type, one dead-letter topic per consuming service. */
public final class Topics {

    /** Common prefix of every ShipSync topic. */
    public static final String PREFIX = "shipsync.";

    private static final String DEAD_LETTER_PREFIX = PREFIX + "dlq.";

    // Kafka allows [a-zA-Z0-9._-]; service names are kept to the lower-case subset so topics stay uniform.
    private static final Pattern SERVICE_NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");

    private Topics() {
    }

    /**
     * The topic carrying every event of an aggregate type, e.g. {@code "shipsync.order"}.
     *
     * @throws IllegalArgumentException for a type not in {@link AggregateTypes#ALL}, so a typo never
     *                                  creates a stray topic
     */
    public static String forAggregateType(String aggregateType) {
        if (!AggregateTypes.ALL.contains(aggregateType)) {
            throw new IllegalArgumentException("unknown aggregate type '" + aggregateType
                    + "'; known: " + AggregateTypes.ALL);
        }
        return PREFIX + aggregateType;
    }

    /** The topic an event type is published to. */
    public static String forEventType(EventType type) {
        return forAggregateType(type.aggregateType());
    }

    /** The dead-letter topic of a consuming service, e.g. {@code "shipsync.dlq.order-service"}. */
    public static String deadLetter(String serviceName) {
        if (serviceName == null || !SERVICE_NAME.matcher(serviceName).matches()) {
            throw new IllegalArgumentException("service name must match " + SERVICE_NAME + ", got '"
                    + serviceName + "'");
        }
        return DEAD_LETTER_PREFIX + serviceName;
    }

    /** The service whose dead-letter topic this is ({@code "order-service"} for {@code "shipsync.dlq.order-service"}). */
    public static Optional<String> deadLetterService(String topic) {
        return topic != null && topic.startsWith(DEAD_LETTER_PREFIX)
                && SERVICE_NAME.matcher(topic.substring(DEAD_LETTER_PREFIX.length())).matches()
                ? Optional.of(topic.substring(DEAD_LETTER_PREFIX.length())) : Optional.empty();
    }
}
