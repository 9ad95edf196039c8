package io.shipsync.sim;

import java.time.Instant;

/**
 * One task the print component was asked to print: its request and task ids, the printer, the label it came
 * from (from the print_info the platform issued; null when the print_info was not one), the print count
 * ({@code curNum} of {@code sumNum}) and the result answered.
 */
public record PrintedTask(Instant at, String requestId, String taskId, String printer, String ewaybillOrderId,
                          String waybillId, String deliveryId, int curNum, int sumNum, boolean success,
                          String failureReason) {
}
