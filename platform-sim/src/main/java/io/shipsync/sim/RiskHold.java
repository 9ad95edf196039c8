package io.shipsync.sim;

import java.util.List;

/**
 * The platform's risk control holds these platform orders: order/create for a parcel holding any of them
 * answers {@code order_risk_info{risk_msg, risk_ec_order_info[{ec_order_id}]}}. By default no number is taken
 * (errcode 10025904); {@code withNumber} takes the number and adds order_risk_info to the success answer.
 * Holds last until released.
 */
public record RiskHold(List<String> ecOrderIds, String riskMsg, boolean withNumber) {

    public RiskHold {
        if (ecOrderIds == null || ecOrderIds.isEmpty()) {
            throw new IllegalArgumentException("ecOrderIds are required");
        }
        ecOrderIds = List.copyOf(ecOrderIds);
        riskMsg = riskMsg == null || riskMsg.isBlank() ? "订单存在风险,暂不支持取号" : riskMsg;
    }

    public static RiskHold of(String... ecOrderIds) {
        return new RiskHold(List.of(ecOrderIds), null, false);
    }
}
