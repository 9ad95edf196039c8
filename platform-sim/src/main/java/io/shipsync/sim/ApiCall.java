package io.shipsync.sim;

import java.time.Instant;

/**
 * One call to a WeChat Shop endpoint as the simulator answered it: the request (body, or query for GETs, with
 * secrets masked), the errcode and errmsg answered, the time taken, and whether an injected fault answered
 * (or, after success, withheld the answer).
 */
public record ApiCall(Instant at, String api, String shopId, String request, int errcode, String errmsg,
                      long latencyMs, boolean faulted) {
}
