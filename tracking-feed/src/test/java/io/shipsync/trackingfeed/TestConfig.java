package io.shipsync.trackingfeed;

import java.time.Duration;
import java.util.Optional;

/** A TrackingFeedConfig set by hand: what SmallRye would map from properties. */
final class TestConfig implements TrackingFeedConfig {

    String provider = "kuaidi100";
    String callbackUrl = "https://ship.example.com/feeds/{provider}/pushes";
    Duration timeout = Duration.ofSeconds(2);
    String kuaidi100Url = "http://127.0.0.1:1";
    String autonumberUrl = "http://127.0.0.1:1";
    String key = "K3y-secret";
    String customer = "CUST01";
    String salt = "s4lt-secret";
    String kdniaoUrl = "http://127.0.0.1:1";
    String businessId = "1234567";
    String appKey = "app-key-secret";

    /** Both feeds pointed at {@code url}. */
    static TestConfig at(String url) {
        TestConfig config = new TestConfig();
        config.kuaidi100Url = url;
        config.autonumberUrl = url;
        config.kdniaoUrl = url;
        return config;
    }

    @Override
    public String provider() {
        return provider;
    }

    @Override
    public Optional<String> callbackUrl() {
        return Optional.ofNullable(callbackUrl);
    }

    @Override
    public Duration timeout() {
        return timeout;
    }

    @Override
    public Kuaidi100 kuaidi100() {
        return new Kuaidi100() {
            @Override
            public String url() {
                return kuaidi100Url;
            }

            @Override
            public String autonumberUrl() {
                return autonumberUrl;
            }

            @Override
            public Optional<String> key() {
                return Optional.ofNullable(key);
            }

            @Override
            public Optional<String> customer() {
                return Optional.ofNullable(customer);
            }

            @Override
            public Optional<String> salt() {
                return Optional.ofNullable(salt);
            }
        };
    }

    @Override
    public Kdniao kdniao() {
        return new Kdniao() {
            @Override
            public String url() {
                return kdniaoUrl;
            }

            @Override
            public Optional<String> businessId() {
                return Optional.ofNullable(businessId);
            }

            @Override
            public Optional<String> appKey() {
                return Optional.ofNullable(appKey);
            }
        };
    }
}
