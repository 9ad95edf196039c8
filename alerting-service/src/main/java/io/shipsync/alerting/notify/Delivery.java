package io.shipsync.alerting.notify;

import io.shipsync.events.AlertSeverity;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One message to one channel, or to a buyer, and its attempts (the delivery log).
 *
 * @param channelId null for a {@link Reason#BUYER_MESSAGE}, which order-service sends
 * @param kind      the channel's kind; null without a channel
 * @param alertId   null for a test message
 * @param orderId   the order whose buyer a buyer reminder or message is for; else null
 * @param body      exactly what each attempt sends, except a buyer reminder's: its SMS request without the buyer's
 *                  number, which is asked for at each attempt and never stored; the API shows +86 numbers masked
 * @param dueAt     when it may go: at once, or when the shop's quiet hours end
 * @param attempts  oldest first
 */
public record Delivery(long id, String shopId, String channelId, ChannelKind kind, Long alertId, String orderId,
                       Reason reason, AlertSeverity severity, String body, State state, Instant createdAt, Instant dueAt,
                       List<Attempt> attempts) {

    private static final Pattern MOBILE = Pattern.compile("\\+861\\d{10}");

    public Delivery {
        attempts = List.copyOf(attempts);
    }

    /** The same delivery with every +86 number in its body masked ({@link Channel#maskPhone}), as the API shows it. */
    public Delivery masked() {
        String shown = MOBILE.matcher(body).replaceAll(m -> Channel.maskPhone(m.group()));
        return new Delivery(id, shopId, channelId, kind, alertId, orderId, reason, severity, shown, state, createdAt, dueAt,
                attempts);
    }

    /** Why the message was sent. */
    public enum Reason {
        RAISED, ESCALATED, TEST,
        /** The stall ladder's SMS to the buyer (提醒买家) on an SMS channel; never holds the buyer's number. */
        BUYER_REMINDER,
        /** The stall ladder's WeChat message to the buyer (提醒买家, 客服消息), sent by order-service: no channel. */
        BUYER_MESSAGE
    }

    /** PENDING until sent, or FAILED when the channel refused it or its attempts ran out. */
    public enum State {
        PENDING, SENT, FAILED
    }

    /**
     * One try and what came of it.
     *
     * @param httpStatus null when no answer came (connection refused, timeout)
     * @param answerCode the channel's own code when it gave one (WeCom's errcode, Tencent's Code), or the platform's
     *                   message id of a buyer message sent
     */
    public record Attempt(int attempt, Outcome outcome, Integer httpStatus, String answerCode, String error, Instant at) {
    }

    /**
     * What one attempt came to. SENDING: the request is going (or the replica sending it stopped; the attempt after it
     * says how it ended). NO_PHONE: a buyer reminder logged before buyers' numbers were asked of order-service (V9), so
     * nothing was sent; kept for those rows.
     */
    public enum Outcome {
        SENDING, SENT, TEMPORARY_FAILURE, RATE_LIMITED, REJECTED, NO_PHONE
    }
}
