package io.shipsync.trackingfeed;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The tracking feeds by provider. New numbers go to {@link #current()}, the one
 * {@code shipsync.tracking-feed.provider} names; a push is verified by the feed it came from
 * ({@link #byProvider}), so pushes for numbers subscribed before a switch still verify. Switching is a configuration
 * change only.
 */
@ApplicationScoped
public class TrackingFeeds {

    private final String provider;
    private final Map<String, TrackingFeed> feeds;

    @Inject
    TrackingFeeds(TrackingFeedConfig config, @Any Instance<TrackingFeed> feeds) {
        this(config.provider(), feeds);
    }

    /**
     * @param provider the provider {@link #current()} returns
     * @param feeds    every feed, each with its own provider name
     * @throws IllegalStateException when two feeds share a provider name, or none is {@code provider}
     */
    public TrackingFeeds(String provider, Iterable<? extends TrackingFeed> feeds) {
        Map<String, TrackingFeed> byProvider = new LinkedHashMap<>();
        for (TrackingFeed feed : feeds) {
            TrackingFeed previous = byProvider.putIfAbsent(feed.provider(), feed);
            if (previous != null) {
                throw new IllegalStateException("two tracking feeds are named \"" + feed.provider() + "\"");
            }
        }
        if (!byProvider.containsKey(provider)) {
            throw new IllegalStateException(Settings.PREFIX + "provider is \"" + provider + "\"; it must be one of "
                    + String.join(", ", byProvider.keySet()));
        }
        this.provider = provider;
        this.feeds = Map.copyOf(byProvider);
    }

    /** The feed new numbers are subscribed with. */
    public TrackingFeed current() {
        return feeds.get(provider);
    }

    /** The feed named {@code provider} ("kuaidi100", "kdniao"), e.g. from a push's callback path. */
    public Optional<TrackingFeed> byProvider(String provider) {
        return Optional.ofNullable(provider).map(feeds::get);
    }
}
