package io.shipsync.alerting.notify;

import io.shipsync.alerting.Alert;
import io.shipsync.alerting.Rule;
import io.shipsync.alerting.StallStep;
import io.shipsync.eventing.http.Page;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.AlertSeverity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Alert notifications (告警通知): an alert raised or escalated becomes one delivery per channel of its shop that takes
 * its rule and severity, in the transaction that raises it, with a work item on {@value #QUEUE} that sends it
 * ({@link DeliveryWork}). A non-critical alert raised in the shop's quiet hours waits until they end; a critical one
 * goes at once. Channel settings and quiet hours are the shop's, set through the API.
 */
@ApplicationScoped
public class Notifications {

    public static final String QUEUE = "notification";
    /** alerting-service's one click for 建议切换备用快递: it asks logistics-service as the person who clicks. */
    private static final String SWITCH_CARRIER_ACTION = "POST /api/shops/%s/alerts/%d/switch-carrier";

    private final ChannelRepository channels;
    private final DeliveryRepository deliveries;
    private final WorkQueue work;
    private final Map<ChannelKind, ChannelSender> senders = new EnumMap<>(ChannelKind.class);
    private final Clock clock;

    Notifications(ChannelRepository channels, DeliveryRepository deliveries, WorkQueue work, Instance<ChannelSender> senders,
                  Clock clock) {
        this.channels = channels;
        this.deliveries = deliveries;
        this.work = work;
        senders.forEach(sender -> this.senders.put(sender.kind(), sender));
        this.clock = clock;
    }

    /**
     * An alert was opened: its shop's channels that take it are sent it. A parcel never collected (物流单号未同步) can
     * still go to the backup carrier: its notice ends with the one click that does it.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void raised(Alert alert) {
        String summary = alert.rule() == Rule.NO_FIRST_SCAN ? withSwitchAction(alert) : alert.summary();
        notify(alert, new Notice(alert.shopId(), Delivery.Reason.RAISED, alert.id(), alert.rule(), alert.severity(),
                alert.subject().type(), alert.subject().id(), summary, null, null, alert.raisedAt()));
    }

    /**
     * An alert reached the next step of its ladder. At 建议切换备用快递 the notice ends with the one click that does it,
     * this alert's own switch-carrier action, so whoever receives it can act at once.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void escalated(Alert alert, int step, String action) {
        String summary = StallStep.SWITCH_CARRIER.name().equals(action) ? withSwitchAction(alert) : alert.summary();
        notify(alert, new Notice(alert.shopId(), Delivery.Reason.ESCALATED, alert.id(), alert.rule(), alert.severity(),
                alert.subject().type(), alert.subject().id(), summary, step, action, alert.lastSeenAt()));
    }

    private static String withSwitchAction(Alert alert) {
        return alert.summary() + "\n一键切换备用快递: " + String.format(SWITCH_CARRIER_ACTION, alert.shopId(), alert.id());
    }

    private void notify(Alert alert, Notice notice) {
        List<Channel> taking = channels.all(alert.shopId()).stream()
                .filter(channel -> channel.takes(alert.rule(), alert.severity())).toList();
        if (taking.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        Instant due = alert.severity() == AlertSeverity.CRITICAL ? now
                : channels.quietHours(alert.shopId()).map(quiet -> quiet.release(now)).orElse(now);
        taking.forEach(channel -> submit(channel, notice, due));
    }

    /** An operator asks for a test message on a channel: sent at once, quiet hours or not. */
    @Transactional
    public Delivery test(String shopId, String channelId, String by) {
        Channel channel = channels.find(shopId, channelId).orElseThrow(() -> new UnknownChannel(shopId, channelId));
        Instant now = clock.instant();
        long id = submit(channel, new Notice(shopId, Delivery.Reason.TEST, null, null, AlertSeverity.INFO, null, null,
                "Test message from ShipSync for channel " + channelId + ", asked for by " + by + ".", null, null, now), now);
        return deliveries.find(shopId, id).orElseThrow().masked();
    }

    private long submit(Channel channel, Notice notice, Instant due) {
        String body = senders.get(channel.kind()).render(channel, notice);
        long id = deliveries.create(channel.shopId(), channel.channelId(), notice.alertId(), null, notice.reason(),
                notice.severity(), body, clock.instant(), due);
        work.submit(QUEUE, channel.shopId(), Long.toString(id), due);
        return id;
    }

    public List<Channel> channels(String shopId) {
        return channels.all(shopId);
    }

    /**
     * Creates or replaces a channel. A channel replaced without a secret keeps the one it had (the API never shows it,
     * so a client cannot send it back).
     */
    @Transactional
    public Channel save(Channel channel) {
        if (channel.secret() == null) {
            String kept = channels.find(channel.shopId(), channel.channelId()).map(Channel::secret)
                    .orElseThrow(() -> new InvalidChannel("secret is required for a new channel"));
            channel = new Channel(channel.shopId(), channel.channelId(), channel.kind(), channel.enabled(), channel.url(),
                    kept, channel.minSeverity(), channel.rules(), channel.perMinute(), channel.maxAttempts(), channel.sms(),
                    channel.updatedAt(), channel.updatedBy());
        }
        return channels.save(channel);
    }

    /** A page of the delivery log, the staff numbers of SMS bodies masked. */
    @Transactional
    public Page<Delivery> deliveries(String shopId, Long alertId, String channelId, Delivery.State state, int page, int size) {
        Page<Delivery> found = deliveries.find(shopId, alertId, channelId, state, page, size);
        return new Page<>(found.items().stream().map(Delivery::masked).toList(), found.page(), found.size(), found.total());
    }

    @Transactional
    public Optional<QuietHours> quietHours(String shopId) {
        return channels.quietHours(shopId);
    }

    /** Sets the shop's quiet hours, or removes them ({@code null}). */
    @Transactional
    public void setQuietHours(String shopId, QuietHours quiet) {
        if (quiet == null) {
            channels.deleteQuietHours(shopId);
        } else {
            channels.saveQuietHours(shopId, quiet);
        }
    }
}
