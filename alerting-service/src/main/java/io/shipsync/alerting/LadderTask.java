package io.shipsync.alerting;

import java.time.Instant;

/**
 * Work the stall ladder asks of a person: contact the carrier (联系快递) at its first step, open a compensation case
 * (赔付) at its last. A contact task goes {@code OBSOLETE} when the parcel moves; an operator marks either {@code DONE}.
 *
 * @param stalledSince the last movement the ladder counted from
 * @param openedAt     the step's threshold (event time)
 * @param closedBy     the operator who did it, or {@code system} when tracking moved
 */
public record LadderTask(long id, String shopId, String trackingNumber, String carrierCode, String orderId, Kind kind,
                         Instant stalledSince, Instant openedAt, State state, Instant closedAt, String closedBy, String note) {

    public enum Kind { CONTACT_CARRIER, COMPENSATION_CASE }

    public enum State { OPEN, DONE, OBSOLETE }
}
