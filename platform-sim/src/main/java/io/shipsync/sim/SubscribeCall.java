package io.shipsync.sim;

import java.time.Instant;

/**
 * One subscribe request to a tracking feed (kuaidi100 {@code POST /poll}, 快递鸟 {@code RequestType 1008}) as
 * the simulator answered it: what was asked, the {@code returnCode} (快递鸟: 200 on Success, else 400) and the
 * message (快递鸟: Reason).
 */
public record SubscribeCall(Instant at, String feed, String number, String company, String from, String to,
                            String callbackUrl, boolean salted, String resultv2, String phone, String returnCode,
                            String message) {

    public boolean accepted() {
        return "200".equals(returnCode);
    }
}
