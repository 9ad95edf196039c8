package io.shipsync.logistics;

import io.shipsync.events.PackageItem;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * One order's e-waybill (电子面单) taken in a print run.
 *
 * @param waybillId        ours
 * @param seq              the order's place in its run, from 1: the label's page
 * @param ewaybillOrderId  the platform's id from precreate, kept once known so create is only ever called with it
 * @param createSentAt     when create was last sent; with no number recorded, its outcome is unknown until settled
 * @param subSentAt        when addsuborder (子母件) was sent: never sent twice, as a repeat adds parcels
 * @param receiver         the receiver as printed, masked
 * @param goods            the lines as the label names them (the platform's titles), once precreate knew them
 */
public record Waybill(long waybillId, String shopId, String orderId, UUID runId, int seq, String carrierCode, int packages,
                      State state, String ewaybillOrderId, Instant createSentAt, Instant subSentAt, String trackingNumber,
                      List<String> subTrackingNumbers, String printInfo, MaskedReceiver receiver, List<Goods> goods, List<PackageItem> items,
                      String error, int prints, Instant firstPrintedAt, Instant declaredAt, Instant cancelledAt) {

    public enum State {
        /** Recorded before any platform call. */
        INTENDED,
        /** Precreate answered: the platform's id is known. */
        PRECREATED,
        /** Create took a number (取号). */
        TAKEN,
        /** The platform refused; the order is back in the queue with the reason here. */
        FAILED,
        /** The platform answered with a risk (order_risk_info): the order is held. */
        HELD,
        /** Cancelled on the platform: the number is released. */
        CANCELLED
    }

    /** 张*, 138****5678, the region and the street's start: enough to sort parcels, not to find the buyer. */
    public record MaskedReceiver(String name, String phone, String address) {
    }

    /** A line as the label prints it. */
    public record Goods(String name, int quantity) {
    }

    public Waybill {
        subTrackingNumbers = List.copyOf(subTrackingNumbers);
        goods = List.copyOf(goods);
        items = List.copyOf(items);
    }

    public boolean taken() {
        return state == State.TAKEN;
    }
}
