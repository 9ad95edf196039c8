package io.shipsync.sim;

import java.time.Instant;
import java.util.List;

/**
 * One call of an e-waybill API that changes something (precreate, create, addsuborder, cancel, print notice),
 * as the platform saw it, faults included: the e-waybill id (allocated by precreate, or sent), its carrier,
 * platform orders and number, the errcode answered, whether it took a number ({@code tookNumber}: create or
 * addsuborder that succeeded) and whether the caller got the answer ({@code answered} is false under a
 * timeout-after-success fault). {@code rePrint} is set on print notices.
 */
public record EwaybillCall(Instant at, String shopId, String action, String ewaybillOrderId, String deliveryId,
                           List<String> ecOrderIds, String waybillId, int errcode, boolean tookNumber,
                           boolean answered, Integer rePrint) {
}
