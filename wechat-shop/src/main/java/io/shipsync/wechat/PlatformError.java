package io.shipsync.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.util.Set;

/**
 * WeChat Shop answered with an errcode other than 0, or did not answer in time. Transient ones (system
 * busy, daily quota, 订单更新过于频繁, timeouts) are worth retrying later; the rest are business
 * refusals (e.g. 101100 订单状态错误) that retrying cannot fix and that are recorded instead.
 */
public class PlatformError extends RuntimeException {

    /** Our own code for "the shop has no WeChat Shop account registered here" (nothing was called). */
    public static final int NO_ACCOUNT = 0;
    /** Our own code for "no answer within the timeout" (the platform never sends it). */
    public static final int TIMEOUT = -2;
    public static final int SYSTEM_BUSY = -1;
    public static final int INVALID_TOKEN = 40001;
    public static final int TOKEN_EXPIRED = 42001;
    public static final int DAILY_QUOTA = 45009;
    public static final int TOO_FREQUENT = 100003;
    public static final int ORDER_STATE_FORBIDS = 101100;
    private static final Set<Integer> TRANSIENT = Set.of(TIMEOUT, SYSTEM_BUSY, DAILY_QUOTA, TOO_FREQUENT);

    private final int errcode;
    private final String errmsg;
    private final JsonNode answer;

    public PlatformError(int errcode, String errmsg) {
        this(errcode, errmsg, MissingNode.getInstance());
    }

    /** {@code answer}: the whole error body, for APIs that explain a refusal beside errmsg (delivery_error_msg). */
    public PlatformError(int errcode, String errmsg, JsonNode answer) {
        super("WeChat Shop errcode " + errcode + ": " + errmsg);
        this.errcode = errcode;
        this.errmsg = errmsg;
        this.answer = answer;
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return errmsg;
    }

    /** The platform's error body; a missing node when there was none (timeouts, our own codes). */
    public JsonNode answer() {
        return answer;
    }

    public boolean isTransient() {
        return TRANSIENT.contains(errcode);
    }

    /** A transient error: the same call may succeed later (consumers and work queues wait it out). */
    public static class Unavailable extends PlatformError implements io.shipsync.eventing.failure.TransientFailure {
        public Unavailable(int errcode, String errmsg) {
            super(errcode, errmsg);
        }
    }

    static PlatformError of(int errcode, String errmsg) {
        return of(errcode, errmsg, MissingNode.getInstance());
    }

    static PlatformError of(int errcode, String errmsg, JsonNode answer) {
        return TRANSIENT.contains(errcode) ? new Unavailable(errcode, errmsg) : new PlatformError(errcode, errmsg, answer);
    }
}
