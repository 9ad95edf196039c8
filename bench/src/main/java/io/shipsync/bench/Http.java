package io.shipsync.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The benchmarks' one HTTP client, as callers use the services' APIs (JSON, bearer token) and the platform's,
 * and the waits for what they set off to show.
 */
final class Http {

    static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private Http() {
    }

    static int get(String url, String token) {
        return send(HttpRequest.newBuilder(URI.create(url)).GET(), token);
    }

    static int post(String url, String token, String json) {
        return send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), token);
    }

    static void put(String url, String token, String json) {
        int status = send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json)), token);
        if (status != 200) {
            throw new IllegalStateException("PUT " + url + " answered " + status);
        }
    }

    /** The body of a GET that must answer 200. */
    static String body(String url, String token) throws IOException, InterruptedException {
        HttpResponse<String> response = CLIENT.send(authorized(HttpRequest.newBuilder(URI.create(url)).GET(), token)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + url + " answered " + response.statusCode());
        }
        return response.body();
    }

    /**
     * Sends a request with a JSON body ({@code json} null for none) and answers the body; a status other than
     * {@code expected} fails, naming the answer.
     */
    static String exchange(String method, String url, String token, String json, int expected) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (json == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json));
        }
        HttpResponse<String> response = CLIENT.send(authorized(request, token).build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": " + response.body());
        }
        return response.body();
    }

    /** A stable access token of a shop's app, straight from the platform, for calling its API as a client would. */
    static String platformToken(String platformUrl, String appId, String appSecret) throws IOException, InterruptedException {
        return CLIENT.send(HttpRequest.newBuilder(URI.create(platformUrl + "/cgi-bin/stable_token"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"grant_type\":\"client_credential\",\"appid\":\"" + appId
                                + "\",\"secret\":\"" + appSecret + "\",\"force_refresh\":false}")).build(),
                HttpResponse.BodyHandlers.ofString())
                .body().replaceAll(".*\"access_token\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private static int send(HttpRequest.Builder request, String token) {
        try {
            return CLIENT.send(authorized(request, token).timeout(Duration.ofSeconds(10)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private static HttpRequest.Builder authorized(HttpRequest.Builder request, String token) {
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    static void waitUntil(BooleanSupplier condition, Duration timeout) throws InterruptedException {
        waitFor(() -> condition.getAsBoolean() ? Boolean.TRUE : null, timeout);
    }

    static <T> T waitFor(Supplier<T> probe, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(5);
        }
        throw new IllegalStateException("gave up after " + timeout);
    }
}
