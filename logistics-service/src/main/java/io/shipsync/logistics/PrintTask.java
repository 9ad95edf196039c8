package io.shipsync.logistics;

/**
 * One task for the WeChat print component (打印组件, {@code ws://127.0.0.1:12705}, print command version 2.0):
 * the browser sends {@code taskList[{taskID, printInfo, printNum{curNum, sumNum}}]} as given here, then reports
 * each printed task back.
 *
 * @param taskId  our waybill id, so the result names the waybill to record as printed
 * @param curNum  the label's place in its run, from 1
 * @param sumNum  labels in the run
 */
public record PrintTask(String taskId, String printInfo, int curNum, int sumNum, long waybillId, String orderId,
                        String carrierCode, String trackingNumber) {
}
