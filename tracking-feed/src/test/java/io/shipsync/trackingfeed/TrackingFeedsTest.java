package io.shipsync.trackingfeed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import java.util.List;

class TrackingFeedsTest {

    private final TestConfig config = new TestConfig();
    private final Kuaidi100Feed kuaidi100 = new Kuaidi100Feed(config);
    private final KdniaoFeed kdniao = new KdniaoFeed(config);

    @Test
    void theProviderPicksTheCurrentFeedAndEveryFeedStaysReachable() {
        TrackingFeeds feeds = new TrackingFeeds("kdniao", List.of(kuaidi100, kdniao));
        assertThat(feeds.current()).isSameAs(kdniao);
        assertThat(feeds.byProvider("kuaidi100")).containsSame(kuaidi100);
        assertThat(feeds.byProvider("kdniao")).containsSame(kdniao);
        assertThat(feeds.byProvider("cainiao")).isEmpty();
        assertThat(feeds.byProvider(null)).isEmpty();

        assertThat(new TrackingFeeds("kuaidi100", List.of(kuaidi100, kdniao)).current()).isSameAs(kuaidi100);
    }

    @Test
    void anUnknownProviderIsNamed() {
        assertThatThrownBy(() -> new TrackingFeeds("kuaidi", List.of(kuaidi100, kdniao)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("shipsync.tracking-feed.provider")
                .hasMessageContaining("kuaidi100");
        assertThatThrownBy(() -> new TrackingFeeds("kdniao", List.of(kdniao, new KdniaoFeed(config))))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("two");
    }

    @Test
    void aFeedReadsOnePushAsAListByDefault() {
        FeedPush push = kuaidi100.parsePush(Kuaidi100PushTest.PUSH);
        assertThat(kuaidi100.parsePushes(Kuaidi100PushTest.PUSH)).containsExactly(push);
    }
}
