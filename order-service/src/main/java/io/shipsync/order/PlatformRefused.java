package io.shipsync.order;

import io.shipsync.wechat.PlatformError;

/**
 * WeChat Shop refused a call made on a caller's behalf with a business errcode (e.g. the day's decode quota used up,
 * an order not paid): the same call will not succeed by being repeated now. Transient errors are not refusals.
 */
public class PlatformRefused extends RuntimeException {

    private final int errcode;
    private final String errmsg;

    public PlatformRefused(String what, PlatformError refusal) {
        super("WeChat Shop refused " + what + " with errcode " + refusal.errcode() + ": " + refusal.errmsg());
        this.errcode = refusal.errcode();
        this.errmsg = refusal.errmsg();
    }

    public int errcode() {
        return errcode;
    }

    public String errmsg() {
        return errmsg;
    }
}
