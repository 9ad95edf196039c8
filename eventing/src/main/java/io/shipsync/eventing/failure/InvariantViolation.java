package io.shipsync.eventing.failure;

/**
 * An event or work item breaks a business invariant, so applying it again can never succeed (e.g. an
 * event for a shop that its aggregate does not belong to). Dead-lettered with this message as the reason.
 */
public class InvariantViolation extends RuntimeException {

    public InvariantViolation(String message) {
        super(message);
    }
}
