package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.eventing.work.WorkHandler;
import io.shipsync.eventing.work.WorkItem;
import io.shipsync.eventing.work.WorkOutcome;
import io.shipsync.eventing.work.WorkQueue;
import io.shipsync.logistics.config.TrackingConfig;
import io.shipsync.trackingfeed.FeedPush;
import io.shipsync.trackingfeed.PushRefused;
import io.shipsync.trackingfeed.PushReply;
import io.shipsync.trackingfeed.TrackingFeed;
import io.shipsync.trackingfeed.TrackingFeeds;
import jakarta.enterprise.context.ApplicationScoped;
import io.quarkus.scheduler.Scheduled;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The tracking feed's pushes (轨迹推送): the signature is checked over the raw payload before anything else, the
 * push is stored, then acknowledged, then processed on the work queue {@value #QUEUE} (one item per watching shop,
 * key = the push's id), like the WeChat callback. A push the feed resends is stored again and changes nothing.
 */
@ApplicationScoped
public class TrackingPushes implements WorkHandler {

    public static final String QUEUE = "tracking-push";

    private final TrackingRepository repository;
    private final TrackingUpdates updates;
    private final TrackingFeeds feeds;
    private final WorkQueue work;
    private final TrackingConfig config;
    private final Clock clock;

    TrackingPushes(TrackingRepository repository, TrackingUpdates updates, TrackingFeeds feeds, WorkQueue work,
                   TrackingConfig config, Clock clock) {
        this.repository = repository;
        this.updates = updates;
        this.feeds = feeds;
        this.work = work;
        this.config = config;
        this.clock = clock;
    }

    /**
     * Verifies and stores one push.
     *
     * @throws PushRefused for an unknown provider, a bad signature, or a payload that is not the feed's
     */
    public PushReply accept(String provider, Map<String, String> form) {
        TrackingFeed feed = feeds.byProvider(provider).orElseThrow(() -> new PushRefused("no tracking feed " + provider));
        String payload = feed.verifiedPayload(form);
        List<FeedPush> pushes = feed.parsePushes(payload);
        Instant now = clock.instant();
        QuarkusTransaction.requiringNew().run(() -> {
            long id = repository.addPush(feed.provider(), pushes.isEmpty() ? null : pushes.get(0).trackingNumber(), payload, now);
            Set<String> shops = new LinkedHashSet<>();
            for (FeedPush push : pushes) {
                shops.addAll(repository.watchers(push.trackingNumber()));
            }
            for (String shopId : shops) {
                work.submit(QUEUE, shopId, Long.toString(id), now);
            }
            if (shops.isEmpty()) {
                repository.pushProcessed(id, now); // kept for audit: nothing of ours watches these numbers
            }
        });
        return feed.acknowledgement();
    }

    @Override
    public String queue() {
        return QUEUE;
    }

    @Override
    public WorkOutcome work(WorkItem item) {
        long id = Long.parseLong(item.key());
        return QuarkusTransaction.requiringNew().call(() -> {
            TrackingRepository.StoredPush stored = repository.push(id).orElse(null);
            if (stored == null) {
                return WorkOutcome.done(); // pruned after its retention: long processed
            }
            TrackingFeed feed = feeds.byProvider(stored.provider()).orElseThrow(() ->
                    new IllegalStateException("push " + id + " came from " + stored.provider() + ", which is no longer configured"));
            for (FeedPush push : feed.parsePushes(stored.payload())) {
                updates.apply(item.shopId(), push, stored.receivedAt(), true);
            }
            repository.pushProcessed(id, clock.instant());
            return WorkOutcome.done();
        });
    }

    @Scheduled(every = "1h", delayed = "1m", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void prune() {
        QuarkusTransaction.requiringNew().run(() -> repository.prunePushes(clock.instant().minus(config.pushRetention())));
    }
}
