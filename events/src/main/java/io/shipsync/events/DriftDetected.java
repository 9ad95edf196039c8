package io.shipsync.events;

import java.time.Instant;
import java.util.List;

/**
 * 不同步: the platform's view of an order and ours disagree in a way that was not safe to fix
 * automatically, or the platform refused a declaration. alerting-service turns it into an alert.
 *
 * @param orderId                  platform order id
 * @param kind                     what disagrees
 * @param description              one sentence an operator can act on
 * @param errcode                  the platform's errcode when it refused something, else absent
 * @param localTrackingNumbers     tracking numbers we hold for the order (may be empty)
 * @param platformTrackingNumbers  tracking numbers the platform holds (may be empty)
 * @param detectedAt               when it was found
 */
public record DriftDetected(String orderId, DriftKind kind, String description, Integer errcode,
                            List<String> localTrackingNumbers, List<String> platformTrackingNumbers,
                            Instant detectedAt) implements DomainEvent {

    public DriftDetected {
        Checks.id(orderId, "orderId");
        Checks.required(kind, "kind");
        Checks.id(description, "description");
        localTrackingNumbers = List.copyOf(Checks.required(localTrackingNumbers, "localTrackingNumbers"));
        platformTrackingNumbers = List.copyOf(Checks.required(platformTrackingNumbers, "platformTrackingNumbers"));
        detectedAt = Checks.time(detectedAt, "detectedAt");
    }

    @Override
    public String aggregateId() {
        return orderId;
    }
}
