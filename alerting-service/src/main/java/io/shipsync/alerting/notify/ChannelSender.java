package io.shipsync.alerting.notify;

/**
 * The one interface every notification channel is sent through: it renders a {@link Notice} in the channel's wire
 * format once (so every attempt sends the same body) and sends that body, telling what the channel answered.
 */
public interface ChannelSender {

    ChannelKind kind();

    /** The request body the channel documents for this notice, to this channel. */
    String render(Channel channel, Notice notice);

    /**
     * Sends the body once. I/O failures are answered as a {@link Sent} with {@code TEMPORARY_FAILURE}, not thrown:
     * the delivery log records every attempt.
     */
    Sent send(Channel channel, String body) throws InterruptedException;

    /**
     * The channel's answer to one attempt.
     *
     * @param retryAfterSeconds for RATE_LIMITED, how long the channel asks to be left alone; else 0
     */
    record Sent(Delivery.Outcome outcome, Integer httpStatus, String answerCode, String error, long retryAfterSeconds) {

        static Sent of(Delivery.Outcome outcome, Integer httpStatus, String answerCode, String error) {
            return new Sent(outcome, httpStatus, answerCode, error, 0);
        }
    }
}
