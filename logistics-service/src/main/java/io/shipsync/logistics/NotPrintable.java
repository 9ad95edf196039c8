package io.shipsync.logistics;

/** An order, run or waybill is not in a state that allows what was asked (printed, cancelled, released). */
public class NotPrintable extends RuntimeException {

    public NotPrintable(String message) {
        super(message);
    }
}
