package io.shipsync.trackingfeed;

/** The feed answered and refused: the number, the carrier or our key is wrong. Not retried as it is. */
public class FeedRefusal extends RuntimeException {

    private final SubscribeAnswer.Outcome outcome;
    private final String code;

    public FeedRefusal(SubscribeAnswer.Outcome outcome, String code, String message) {
        super(message + " (" + code + ")");
        this.outcome = outcome;
        this.code = code;
    }

    /** KEY_REFUSED or NUMBER_REFUSED. */
    public SubscribeAnswer.Outcome outcome() {
        return outcome;
    }

    /** The feed's own code. */
    public String code() {
        return code;
    }
}
