package io.shipsync.alerting.operations;

import java.util.List;

/**
 * A SKU of an order that its live tracking numbers carry more units of than were ordered (自动发货规则冲突).
 *
 * @param ordered units the order has
 * @param carried units its live parcels carry, together
 * @param numbers the live tracking numbers carrying it
 */
public record Overlap(String skuId, long ordered, long carried, List<String> numbers) {
}
