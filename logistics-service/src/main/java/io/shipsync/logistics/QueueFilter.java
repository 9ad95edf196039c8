package io.shipsync.logistics;

import java.time.Instant;

/**
 * Which queued orders to list, each criterion optional.
 *
 * @param state       by default those waiting for a waybill
 * @param carrierCode the carrier of the live waybill
 * @param province    receiver's province (省)
 * @param city        receiver's city (市)
 * @param skuId       orders holding this SKU
 * @param paidFrom    paid at or after
 * @param paidTo      paid before
 * @param held        only held (true) or only printable (false) orders
 * @param sort        {@link Sort#PAID_AT} oldest first by default
 */
public record QueueFilter(QueuedOrder.State state, String carrierCode, String province, String city, String skuId,
                          Instant paidFrom, Instant paidTo, Boolean held, Sort sort) {

    public enum Sort { PAID_AT, PAID_AT_DESC, REGION }
}
