package io.shipsync.sim;

/**
 * A fault for the next {@code times} calls of one API path (optionally only for one shop, and only for calls
 * naming one carrier's {@code delivery_id}). An {@code errcode} answers that error and the call has no effect;
 * {@code timeout} holds the request without answering (past any sane client timeout) and has no effect;
 * {@code timeout} with {@code afterSuccess} carries the call out first (an e-waybill id allocated, a number
 * taken) and then holds the answer and drops the connection, so the caller cannot know it worked;
 * {@code latencyMs} delays the answer, and on its own lets the call through. {@code errmsg} overrides the
 * platform's message for the code.
 */
public record FaultSpec(String api, Integer errcode, String errmsg, Long latencyMs, boolean timeout, Integer times,
                        String shopId, String deliveryId, boolean afterSuccess) {

    public FaultSpec {
        Require.text(api, "api");
        if (errcode == null && !timeout && latencyMs == null) {
            throw new IllegalArgumentException("a fault needs an errcode, timeout or latencyMs");
        }
        if (errcode != null && errcode == 0) {
            throw new IllegalArgumentException("errcode 0 is not a fault");
        }
        if (latencyMs != null && latencyMs < 0) {
            throw new IllegalArgumentException("latencyMs must not be negative");
        }
        if (afterSuccess && (!timeout || errcode != null)) {
            throw new IllegalArgumentException("afterSuccess goes with timeout and no errcode");
        }
        times = times == null ? 1 : times;
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive");
        }
    }

    public static FaultSpec errcode(String api, int errcode, int times) {
        return new FaultSpec(api, errcode, null, null, false, times, null, null, false);
    }

    public static FaultSpec timeout(String api, int times) {
        return new FaultSpec(api, null, null, null, true, times, null, null, false);
    }

    /** The call succeeds on the platform, then its answer is lost (held past the client's timeout, then dropped). */
    public static FaultSpec timeoutAfterSuccess(String api, int times) {
        return new FaultSpec(api, null, null, null, true, times, null, null, true);
    }

    public static FaultSpec latency(String api, long latencyMs, int times) {
        return new FaultSpec(api, null, null, latencyMs, false, times, null, null, false);
    }

    public FaultSpec forShop(String id) {
        return new FaultSpec(api, errcode, errmsg, latencyMs, timeout, times, id, deliveryId, afterSuccess);
    }

    /** Only calls whose body names this {@code delivery_id} (the e-waybill APIs, delivery/send). */
    public FaultSpec forCarrier(String id) {
        return new FaultSpec(api, errcode, errmsg, latencyMs, timeout, times, shopId, id, afterSuccess);
    }

    FaultSpec withTimes(int remaining) {
        return new FaultSpec(api, errcode, errmsg, latencyMs, timeout, remaining, shopId, deliveryId, afterSuccess);
    }

    /** Whether the call is answered by the fault instead of being carried out. */
    boolean blocksCall() {
        return errcode != null || (timeout && !afterSuccess);
    }
}
