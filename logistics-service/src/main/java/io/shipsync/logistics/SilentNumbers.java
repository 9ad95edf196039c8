package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.logistics.config.TrackingConfig;
import io.shipsync.trackingfeed.FeedPush;
import io.shipsync.trackingfeed.FeedRefusal;
import io.shipsync.trackingfeed.FeedUnavailable;
import io.shipsync.trackingfeed.TrackingFeed;
import io.shipsync.trackingfeed.TrackingFeeds;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Numbers the feed has not pushed since they were subscribed are asked for in real time (实时查询), work queue
 * {@value #QUEUE} (key = the number): first {@code silence-after} past the subscription, then at doubling intervals up
 * to {@code max-query-interval}, at most {@code max-queries} times, which keeps us inside the feed's query limits. The
 * first push ends it, as does a final status. An answer is applied like a push.
 */
@ApplicationScoped
public class SilentNumbers implements WorkHandler {

    public static final String QUEUE = "tracking-query";

    private final TrackingRepository repository;
    private final TrackingUpdates updates;
    private final TrackingFeeds feeds;
    private final TrackingConfig config;
    private final Clock clock;

    SilentNumbers(TrackingRepository repository, TrackingUpdates updates, TrackingFeeds feeds, TrackingConfig config,
                  Clock clock) {
        this.repository = repository;
        this.updates = updates;
        this.feeds = feeds;
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
        if (watch == null || watch.lastPushAt() != null || !watch.state().live() || watch.queries() >= config.maxQueries()) {
            return WorkOutcome.done();
        }
        TrackingFeed feed = feeds.byProvider(watch.provider()).orElse(feeds.current());
        Optional<FeedPush> answer;
        try {
            answer = feed.query(watch.carrierCode(), number,
                    QuarkusTransaction.requiringNew().call(() -> repository.phoneTail(shopId, number).orElse(null)));
        } catch (FeedUnavailable e) {
            return WorkOutcome.retry(feed.provider() + " realtime query unavailable: " + e.getMessage());
        } catch (FeedRefusal e) {
            answer = Optional.empty(); // the subscription's answer already judged the number; keep asking within the limit
        }
        Instant now = clock.instant();
        Optional<FeedPush> history = answer;
        return QuarkusTransaction.requiringNew().call(() -> {
            repository.queried(shopId, number, now);
            if (history.isPresent() && !history.get().entries().isEmpty()) {
                updates.apply(shopId, history.get(), now, false);
            }
            TrackingWatch after = repository.find(shopId, number).orElseThrow();
            if (!after.state().live() || (after.status() != null && after.status().isFinal())
                    || watch.queries() + 1 >= config.maxQueries()) {
                return WorkOutcome.done(); // ended, final, or asked enough: the feed's own abort (3 days without a record) covers the rest
            }
            return WorkOutcome.retryAt(now.plus(interval(watch.queries() + 1)), "no push yet from " + feed.provider());
        });
    }

    private Duration interval(int queriesSoFar) {
        Duration next = config.silenceAfter().multipliedBy(1L << Math.min(queriesSoFar, 20));
        return next.compareTo(config.maxQueryInterval()) > 0 ? config.maxQueryInterval() : next;
    }
}
