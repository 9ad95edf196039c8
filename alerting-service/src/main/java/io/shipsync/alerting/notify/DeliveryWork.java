package io.shipsync.alerting.notify;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Sends one delivery per work item: within the channel's rate (attempts in the last minute, counted under the
 * channel's row lock, so replicas sharing a channel take turns), one attempt logged as SENDING before the request
 * and completed with the answer. A temporary failure is tried again after the queue's capped backoff (or the
 * {@code Retry-After} it came with) until the channel's {@code maxAttempts}; a rate-limit answer after the wait the
 * channel asks for; a refusal is final. Buyer deliveries are sent through {@link BuyerReminders}; a buyer message has no
 * channel, so no rate, and {@code shipsync.alerting.buyer-message.max-attempts}.
 */
@ApplicationScoped
public class DeliveryWork implements WorkHandler {

    private static final Logger LOG = Logger.getLogger(DeliveryWork.class);
    private static final Duration RATE_WINDOW = Duration.ofMinutes(1);

    private final ChannelRepository channels;
    private final DeliveryRepository deliveries;
    private final Map<ChannelKind, ChannelSender> senders = new EnumMap<>(ChannelKind.class);
    private final BuyerReminders buyers;
    private final int buyerMessageMaxAttempts;
    private final Clock clock;

    DeliveryWork(ChannelRepository channels, DeliveryRepository deliveries, Instance<ChannelSender> senders,
                 BuyerReminders buyers,
                 @ConfigProperty(name = "shipsync.alerting.buyer-message.max-attempts") int buyerMessageMaxAttempts,
                 Clock clock) {
        this.channels = channels;
        this.deliveries = deliveries;
        senders.forEach(sender -> this.senders.put(sender.kind(), sender));
        this.buyers = buyers;
        this.buyerMessageMaxAttempts = buyerMessageMaxAttempts;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return Notifications.QUEUE;
    }

    @Override
    public Settings defaults() {
        return Settings.DEFAULTS.withBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10));
    }

    /** The attempt to make now, or when to come back; {@code channel} null for a buyer message. */
    private record Turn(Channel channel, Delivery delivery, Integer attempt, Instant waitUntil) {
    }

    @Override
    public WorkOutcome work(WorkItem item) throws Exception {
        long id = Long.parseLong(item.key());
        Turn turn = QuarkusTransaction.requiringNew().call(() -> take(item.shopId(), id));
        if (turn == null) {
            return WorkOutcome.done();
        }
        if (turn.waitUntil() != null) {
            return WorkOutcome.retryAt(turn.waitUntil(), "channel " + turn.channel().channelId() + " at its rate limit");
        }
        Delivery delivery = turn.delivery();
        ChannelSender.Sent sent = delivery.reason() == Delivery.Reason.BUYER_REMINDER
                || delivery.reason() == Delivery.Reason.BUYER_MESSAGE
                ? buyers.send(turn.channel(), delivery)
                : senders.get(turn.channel().kind()).send(turn.channel(), delivery.body());
        boolean again = sent.outcome() == Delivery.Outcome.TEMPORARY_FAILURE || sent.outcome() == Delivery.Outcome.RATE_LIMITED;
        boolean lastTry = turn.attempt() >= (turn.channel() == null ? buyerMessageMaxAttempts : turn.channel().maxAttempts());
        Delivery.State state = sent.outcome() == Delivery.Outcome.SENT ? Delivery.State.SENT
                : again && !lastTry ? Delivery.State.PENDING : Delivery.State.FAILED;
        QuarkusTransaction.requiringNew().run(() -> deliveries.finishAttempt(id, turn.attempt(), sent, state));
        if (state != Delivery.State.PENDING) {
            if (state == Delivery.State.FAILED) {
                // No recipient data is in a delivery's identifiers: only ids, the channel's answer and its error.
                LOG.infof("Delivery %d (%s, channel %s) of shop %s failed after attempt %d: %s %s", id, delivery.reason(),
                        delivery.channelId(), item.shopId(), turn.attempt(), sent.outcome(), sent.error());
            }
            return WorkOutcome.done();
        }
        String reason = sent.outcome() + (sent.error() == null ? "" : ": " + sent.error());
        return sent.retryAfterSeconds() > 0
                ? WorkOutcome.retryAt(clock.instant().plusSeconds(sent.retryAfterSeconds()), reason)
                : WorkOutcome.retry(reason);
    }

    /** The delivery's next attempt, started, unless it is not pending any more or its channel is at its rate. */
    private Turn take(String shopId, long id) {
        Optional<Delivery> found = deliveries.find(shopId, id);
        if (found.isEmpty() || found.get().state() != Delivery.State.PENDING) {
            return null;
        }
        Delivery delivery = found.get();
        Instant now = clock.instant();
        if (delivery.channelId() == null) {
            return deliveries.startAttempt(delivery, now).map(n -> new Turn(null, delivery, n, null)).orElse(null);
        }
        Optional<Channel> locked = channels.lock(shopId, delivery.channelId());
        if (locked.isEmpty()) {
            return null;
        }
        Channel channel = locked.get();
        List<Instant> recent = deliveries.attemptsSince(shopId, channel.channelId(), now.minus(RATE_WINDOW));
        if (recent.size() >= channel.perMinute()) {
            return new Turn(channel, delivery, null, recent.get(recent.size() - channel.perMinute()).plus(RATE_WINDOW));
        }
        return deliveries.startAttempt(delivery, now).map(n -> new Turn(channel, delivery, n, null)).orElse(null);
    }
}
