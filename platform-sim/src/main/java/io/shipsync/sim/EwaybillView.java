package io.shipsync.sim;

import java.util.List;

/**
 * An electronic waybill order (电子面单): {@code PRECREATED} after precreate, {@code CREATED} once a tracking
 * number was taken (取号), {@code CANCELLED} after cancel. {@code subWaybillIds} are its 子单 (addsuborder);
 * {@code printed} and {@code reprinted} count the print notices (order/print re_print 0 首次 / 1 补打).
 * Printing does not ship the order.
 */
public record EwaybillView(String ewaybillOrderId, String shopId, String deliveryId, String waybillId,
                           String templateId, String status, List<String> ecOrderIds, long createTime, String acctId,
                           List<String> subWaybillIds, int printed, int reprinted) {
}
