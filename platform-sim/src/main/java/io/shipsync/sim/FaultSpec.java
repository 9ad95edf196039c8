package io.shipsync.sim;

/**
 * A fault for the next {@code times} calls of one API path (optionally only for one shop). An
 * {@code errcode} answers that error and the call has no effect; {@code timeout} holds the request without
 * answering (past any sane client timeout) and has no effect; {@code latencyMs} delays the answer, and on its
 * own lets the call through. {@code errmsg} overrides the platform's message for the code.
 */
public record FaultSpec(String api, Integer errcode, String errmsg, Long latencyMs, boolean timeout, Integer times,
                        String shopId) {

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
        times = times == null ? 1 : times;
        if (times <= 0) {
            throw new IllegalArgumentException("times must be positive");
        }
    }

    public static FaultSpec errcode(String api, int errcode, int times) {
        return new FaultSpec(api, errcode, null, null, false, times, null);
    }

    public static FaultSpec timeout(String api, int times) {
        return new FaultSpec(api, null, null, null, true, times, null);
    }

    public static FaultSpec latency(String api, long latencyMs, int times) {
        return new FaultSpec(api, null, null, latencyMs, false, times, null);
    }

    public FaultSpec forShop(String id) {
        return new FaultSpec(api, errcode, errmsg, latencyMs, timeout, times, id);
    }

    FaultSpec withTimes(int remaining) {
        return new FaultSpec(api, errcode, errmsg, latencyMs, timeout, remaining, shopId);
    }

    /** Whether the call is answered by the fault instead of being carried out. */
    boolean blocksCall() {
        return errcode != null || timeout;
    }
}
