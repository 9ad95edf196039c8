package io.shipsync.sim;

import java.util.List;

/**
 * One tracking push and its delivery so far: the feed ({@code kuaidi100} or {@code kdniao}), the number and
 * carrier code, the script step it belongs to, the push status (kuaidi100 polling|shutdown|abort; 快递鸟 its
 * State), the URL, the {@code param} (kuaidi100) or {@code RequestData} (快递鸟) JSON as sent, its {@code sign}
 * ({@code DataSign}; null when unsigned), whether it resends an earlier push, and every attempt (HTTP status,
 * reply, error). A reply counts as delivered when it says so in the feed's format.
 */
public record TrackingPush(long id, String feed, String number, String company, int step, String status,
                           String callbackUrl, String param, String sign, boolean resend, PushRecord.State state,
                           List<PushAttempt> attempts) {

    /** The last attempt's reply body (null before any attempt or without a reply). */
    public String reply() {
        return attempts.isEmpty() ? null : attempts.get(attempts.size() - 1).reply();
    }
}
