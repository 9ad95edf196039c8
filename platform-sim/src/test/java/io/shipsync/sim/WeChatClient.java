package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A bare HTTP client for the tests: what a service's WeChat Shop client sends, without its smarts. */
final class WeChatClient {

    static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    WeChatClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    String token(String appId, String secret) {
        return get("/cgi-bin/token?grant_type=client_credential&appid=" + appId + "&secret=" + secret)
                .path("access_token").asText();
    }

    JsonNode get(String pathAndQuery) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).GET(), Duration.ofSeconds(5));
    }

    /** POSTs a JSON body (a String is sent as is, anything else through Jackson). */
    JsonNode post(String path, String accessToken, Object body) {
        return post(path, accessToken, body, Duration.ofSeconds(5));
    }

    JsonNode post(String path, String accessToken, Object body, Duration timeout) {
        String json;
        try {
            json = body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String query = accessToken == null ? "" : "?access_token=" + accessToken;
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path + query))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), timeout);
    }

    /** A scenario call under /sim: the status and the JSON answer. */
    HttpResponse<String> sim(String method, String path, String json) {
        HttpRequest.BodyPublisher body = json == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(json);
        try {
            return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).method(method, body)
                    .header("Content-Type", "application/json").timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private JsonNode send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString());
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Like {@link #post} but lets the transport failure through (for timeout tests). */
    HttpResponse<String> postRaw(String path, String accessToken, String json, Duration timeout)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(baseUrl + path + "?access_token=" + accessToken))
                .POST(HttpRequest.BodyPublishers.ofString(json)).timeout(timeout).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
