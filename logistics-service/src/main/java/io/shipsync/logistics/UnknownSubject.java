package io.shipsync.logistics;

/** The shop has no such settings, account, queued order, run or waybill. */
public class UnknownSubject extends RuntimeException {

    public UnknownSubject(String message) {
        super(message);
    }
}
