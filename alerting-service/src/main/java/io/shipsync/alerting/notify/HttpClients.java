package io.shipsync.alerting.notify;

import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.http.HttpClient;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** The one HTTP client the channels send through: it keeps connections to a channel's host between messages. */
public class HttpClients {

    @Produces
    @Singleton
    HttpClient channelClient(@ConfigProperty(name = "shipsync.alerting.notify.timeout") Duration timeout) {
        // HTTP/1.1: each channel documents its request with a Host header, which TC3 signs.
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
