package io.shipsync.alerting.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * logistics-service's 切换备用快递 ({@code POST /api/shops/{shopId}/tracking/{number}/switch-carrier}, no body), asked on
 * behalf of a person: their own bearer token is forwarded, so logistics-service authorizes them, not this service.
 * SmallRye Fault Tolerance bounds the call, since a person waits for it; nothing retries it.
 */
@ApplicationScoped
@Timeout(10_000)
public class LogisticsService {

    /**
     * What logistics-service answered: the switch (2xx) or its refusal (4xx).
     *
     * @param body   the answer as sent (the switch's JSON, or a problem)
     * @param detail a refusal's reason, from its problem; null for a 2xx
     */
    public record Answer(int status, String body, String detail) {

        public boolean accepted() {
            return status >= 200 && status < 300;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json;
    private final Optional<String> url;

    LogisticsService(ObjectMapper json, @ConfigProperty(name = "shipsync.alerting.logistics-service.url") Optional<String> url) {
        this.json = json;
        this.url = url.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
    }

    /** Asks for the switch as the holder of {@code bearerToken}; no answer, 429, 5xx (or a redirect) are {@link ServiceUnavailable}. */
    public Answer switchCarrier(String shopId, String trackingNumber, String bearerToken)
            throws ServiceUnavailable, InterruptedException {
        if (url.isEmpty()) {
            throw new ServiceUnavailable(null, "shipsync.alerting.logistics-service.url is not set", 0, null);
        }
        HttpRequest request = HttpRequest.newBuilder(URI.create(url.get() + "/api/shops/" + OrderService.segment(shopId)
                        + "/tracking/" + OrderService.segment(trackingNumber) + "/switch-carrier"))
                .header("Authorization", "Bearer " + bearerToken).header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServiceUnavailable(null, "logistics-service did not answer: " + e, 0, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return new Answer(status, response.body(), null);
        }
        if (status >= 400 && !Answers.temporary(status)) {
            return new Answer(status, response.body(), Answers.detail(json, response));
        }
        throw new ServiceUnavailable(status, "logistics-service " + status + ": " + Answers.detail(json, response),
                Answers.retryAfterSeconds(response), null);
    }
}
