package io.shipsync.sim;

import java.time.Instant;

/**
 * One POST of a push to the shop's callback: the HTTP status (-1 when none came), the reply body (cut to 200
 * characters), the transport error if any, and whether it counted as delivered (reply exactly {@code success}).
 */
public record PushAttempt(int number, Instant at, int httpStatus, String reply, String error, long elapsedMs,
                          boolean success) {
}
