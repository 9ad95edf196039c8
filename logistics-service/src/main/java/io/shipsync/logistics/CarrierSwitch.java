package io.shipsync.logistics;

import java.time.Instant;
import java.util.UUID;

/**
 * One switch of a parcel to the shop's backup carrier (切换备用快递), and the step it reached.
 *
 * @param fromWaybillId our waybill row of the number left behind
 * @param toWaybillId   our waybill row of the new number, once its intent is recorded
 * @param failure       why the switch stopped, when {@code step} is FAILED
 */
public record CarrierSwitch(UUID switchId, String shopId, String orderId, long fromWaybillId, String fromCarrier,
                            String fromNumber, String toCarrier, Long toWaybillId, String toNumber, Step step, String failure,
                            String requestedBy, Instant requestedAt, Instant updatedAt) {

    /** The steps in order; each is recorded in the transaction that completes it. */
    public enum Step {
        /** Asked for; nothing done yet. */
        REQUESTED,
        /** The old waybill is cancelled at its carrier. */
        OLD_CANCELLED,
        /** A new waybill with the backup carrier is on the waybill queue. */
        TAKING,
        /** The backup carrier gave a number. */
        TAKEN,
        /** CarrierSwitched is announced: order-service corrects the declaration. */
        ANNOUNCED,
        /** The corrected declaration names the new number: the watch moved with it. Done. */
        DECLARED,
        /** Stopped, with the reason. */
        FAILED
    }
}
