package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.events.TrackingAnomalyKind;
import io.shipsync.logistics.config.TrackingConfig;
import io.shipsync.trackingfeed.FeedUnavailable;
import io.shipsync.trackingfeed.SubscribeAnswer;
import io.shipsync.trackingfeed.Subscription;
import io.shipsync.trackingfeed.TrackingFeed;
import io.shipsync.trackingfeed.TrackingFeeds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;

/**
 * Subscribes watched numbers at the tracking feed (订阅), one work item per number (key = the number). The feed
 * being down is retried; its answers are final: already subscribed is fine, a refused number is a finding, a
 * refused key is a finding and retried once an operator may have fixed it. The feed's cap of 4 subscriptions per
 * carrier and number in a month is kept by counting what we sent, recorded before sending.
 */
@ApplicationScoped
public class TrackingSubscriber implements WorkHandler {

    public static final String QUEUE = "tracking-subscribe";
    // The feeds count months in China time.
    private static final ZoneId FEED_ZONE = ZoneId.of("Asia/Shanghai");

    private final TrackingRepository repository;
    private final TrackingFindings findings;
    private final TrackingFeeds feeds;
    private final WorkQueue work;
    private final TrackingConfig config;
    private final Clock clock;

    TrackingSubscriber(TrackingRepository repository, TrackingFindings findings, TrackingFeeds feeds, WorkQueue work,
                       TrackingConfig config, Clock clock) {
        this.repository = repository;
        this.findings = findings;
        this.feeds = feeds;
        this.work = work;
        this.config = config;
        this.clock = clock;
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        String shopId = item.shopId();
        String number = item.key();
        TrackingWatch watch = QuarkusTransaction.requiringNew().call(() -> repository.find(shopId, number).orElse(null));
        if (watch == null || (watch.state() != TrackingWatch.State.SUBSCRIBING && watch.state() != TrackingWatch.State.REFUSED)) {
            return WorkOutcome.done();
        }
        TrackingFeed feed = feeds.byProvider(watch.provider()).orElse(feeds.current());
        String month = YearMonth.from(clock.instant().atZone(FEED_ZONE)).toString();
        Long sent = QuarkusTransaction.requiringNew().call(() -> {
            if (repository.subscriptions(feed.provider(), watch.carrierCode(), number, month) >= config.subscriptionsPerMonth()) {
                return null;
            }
            return repository.subscriptionSent(feed.provider(), watch.carrierCode(), number, shopId, month, clock.instant());
        });
        if (sent == null) {
            // The feed would refuse it as 重复订阅; the realtime query still sees the number.
            QuarkusTransaction.requiringNew().run(() -> {
                repository.setState(shopId, number, TrackingWatch.State.WATCHING,
                        "the feed's " + config.subscriptionsPerMonth() + " subscriptions for this number in " + month
                                + " are used: followed by realtime queries", clock.instant());
                work.submit(SilentNumbers.QUEUE, shopId, number, clock.instant());
            });
            return WorkOutcome.done();
        }
        SubscribeAnswer answer;
        try {
            answer = feed.subscribe(new Subscription(watch.carrierCode(), number,
                    QuarkusTransaction.requiringNew().call(() -> repository.phoneTail(shopId, number).orElse(null)),
                    watch.destination()));
        } catch (FeedUnavailable e) {
            return WorkOutcome.retry(feed.provider() + " unavailable: " + e.getMessage());
        }
        Instant now = clock.instant();
        return QuarkusTransaction.requiringNew().call(() -> {
            repository.subscriptionAnswered(sent, answer.code(), answer.message());
            switch (answer.outcome()) {
                case SUBSCRIBED:
                case ALREADY_SUBSCRIBED:
                    repository.subscribed(shopId, number, now);
                    work.submit(SilentNumbers.QUEUE, shopId, number, now.plus(config.silenceAfter()));
                    return WorkOutcome.done();
                case KEY_REFUSED:
                    repository.setState(shopId, number, TrackingWatch.State.REFUSED, refusal(feed, answer), now);
                    findings.found(watch, TrackingAnomalyKind.FEED_KEY_REFUSED, "key " + answer.code(),
                            feed.provider() + " refused our key (" + answer.code() + " " + answer.message()
                                    + "): no number is watched until the key is fixed", null, now);
                    return WorkOutcome.retryAt(now.plus(config.keyRefusedRetry()), refusal(feed, answer));
                default:
                    repository.setState(shopId, number, TrackingWatch.State.REFUSED, refusal(feed, answer), now);
                    findings.found(watch, TrackingAnomalyKind.NUMBER_REFUSED, "subscribe " + answer.code(),
                            feed.provider() + " refused " + watch.carrierCode() + " " + number + " (" + answer.code() + " "
                                    + answer.message() + "): the number or the carrier is wrong", null, now);
                    return WorkOutcome.done();
            }
        });
    }

    private static String refusal(TrackingFeed feed, SubscribeAnswer answer) {
        return feed.provider() + " " + answer.code() + " " + answer.message();
    }
}
