package io.shipsync.trackingfeed;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads of {@link TrackingFeedConfig} that fail clearly, naming the key, when a needed value is not set. */
final class Settings {

    static final String PREFIX = "shipsync.tracking-feed.";

    private Settings() {
    }

    /** The value, or IllegalStateException naming {@code key}: a missing setting is no reason to retry. */
    static String required(Optional<String> value, String key, String neededFor) {
        return value.filter(v -> !v.isBlank())
                .orElseThrow(() -> new IllegalStateException(PREFIX + key + " is not set; it is needed " + neededFor));
    }

    /** The callback URL for {@code provider}, its {@code {provider}} placeholder filled in. */
    static String callbackUrl(TrackingFeedConfig config, String provider) {
        return required(config.callbackUrl(), "callback-url", "to subscribe, as the address " + provider + " pushes to")
                .replace("{provider}", provider);
    }

    /** A base URL without its trailing slash, so that paths append cleanly. */
    static String base(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    /** The secrets that are set, for scrubbing them out of messages. */
    @SafeVarargs
    static List<String> secrets(Optional<String>... values) {
        List<String> secrets = new ArrayList<>();
        for (Optional<String> value : values) {
            value.filter(v -> !v.isBlank()).ifPresent(secrets::add);
        }
        return secrets;
    }
}
