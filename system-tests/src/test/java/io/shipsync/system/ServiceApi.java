package io.shipsync.system;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.shipsync.infra.testing.TestTokens;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * A service's shop API as an operator of one shop calls it: bearer token, JSON in and out. Transport
 * failures (the service is dead or not answering) are {@link IOException}s; any HTTP answer is a {@link Reply}.
 */
final class ServiceApi {

    static final ObjectMapper JSON = new ObjectMapper();
    /** Test tokens live an hour; a soak run lasts longer, so they are minted again well before that. */
    private static final Duration TOKEN_RENEWAL = Duration.ofMinutes(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** An answer: HTTP status and body (JSON when it parses, else text). */
    record Reply(int status, JsonNode body) {

        /** The problem+json {@code detail}, or the body, for a report. */
        String problem() {
            return body.hasNonNull("detail") ? body.get("detail").asText() : body.toString();
        }
    }

    private final String name;
    private final URI baseUrl;
    private final String shopId;
    private String token;
    private long tokenMintedAt;

    ServiceApi(String name, URI baseUrl, String shopId) {
        this.name = name;
        this.baseUrl = baseUrl;
        this.shopId = shopId;
    }

    /** {@code GET /api/shops/{shop}{path}}. */
    Reply get(String path) throws IOException {
        return send(request(path, operatorToken()).GET());
    }

    /** {@code POST /api/shops/{shop}{path}} with a JSON body. */
    Reply post(String path, JsonNode body) throws IOException {
        return send(request(path, operatorToken()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /** {@code PUT /api/shops/{shop}{path}} as the shop's admin. */
    Reply putAsAdmin(String path, JsonNode body) throws IOException {
        return send(request(path, TestTokens.admin(shopId)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    private synchronized String operatorToken() {
        long now = System.nanoTime();
        if (token == null || now - tokenMintedAt > TOKEN_RENEWAL.toNanos()) {
            token = TestTokens.operator(shopId);
            tokenMintedAt = now;
        }
        return token;
    }

    private HttpRequest.Builder request(String path, String bearer) {
        return HttpRequest.newBuilder(baseUrl.resolve("/api/shops/" + shopId + path))
                .timeout(Duration.ofSeconds(5))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + bearer);
    }

    private Reply send(HttpRequest.Builder request) throws IOException {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(response.statusCode(), parse(response.body()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(name + " call interrupted");
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isEmpty()) {
            return MissingNode.getInstance();
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException notJson) {
            return TextNode.valueOf(body);
        }
    }
}
