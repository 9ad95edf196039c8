package io.shipsync.trackingfeed;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A feed's HTTP calls: form POSTs and GETs answering JSON. Anything but a JSON answer with a 2xx status becomes
 * {@link FeedUnavailable}, whose message never carries a secret (the autonumber URL holds the key).
 */
final class FeedHttp {

    private final HttpClient http;
    private final ObjectMapper mapper;
    private final String provider;
    private final Duration timeout;
    private final List<String> secrets;

    /**
     * @param secrets the configured secrets, scrubbed from any exception text that makes it into a message
     */
    FeedHttp(String provider, Duration timeout, ObjectMapper mapper, List<String> secrets) {
        this.http = HttpClient.newBuilder().connectTimeout(timeout).build();
        this.mapper = mapper;
        this.provider = provider;
        this.timeout = timeout;
        this.secrets = secrets.stream().filter(s -> !s.isEmpty()).toList();
    }

    /** POSTs {@code fields} form-urlencoded (UTF-8) and reads the JSON answer. */
    JsonNode postForm(String what, String url, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/x-www-form-urlencoded;charset=UTF-8")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        return send(what, request);
    }

    /** GETs {@code url} and reads the JSON answer. */
    JsonNode get(String what, String url) {
        return send(what, HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build());
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private JsonNode send(String what, HttpRequest request) {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (HttpTimeoutException e) {
            throw new FeedUnavailable(provider + " " + what + ": no answer within " + timeout);
        } catch (IOException e) {
            String reason = scrub(e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()));
            throw new FeedUnavailable(provider + " " + what + ": unreachable (" + reason + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FeedUnavailable(provider + " " + what + ": interrupted");
        }
        if (response.statusCode() == 429) {
            throw new FeedUnavailable(provider + " " + what + ": asked us to slow down (HTTP 429)");
        }
        if (response.statusCode() / 100 != 2) {
            throw new FeedUnavailable(provider + " " + what + ": answered HTTP " + response.statusCode());
        }
        try {
            JsonNode json = mapper.readTree(response.body());
            if (json == null || json.isMissingNode()) {
                throw new FeedUnavailable(provider + " " + what + ": answered an empty body");
            }
            return json;
        } catch (JsonProcessingException e) {
            throw new FeedUnavailable(provider + " " + what + ": answered something that is not JSON");
        }
    }

    /** Removes every configured secret from {@code text}; exception texts may quote the request. */
    String scrub(String text) {
        String scrubbed = text;
        for (String secret : secrets) {
            scrubbed = scrubbed.replace(secret, "***");
        }
        return scrubbed;
    }
}
