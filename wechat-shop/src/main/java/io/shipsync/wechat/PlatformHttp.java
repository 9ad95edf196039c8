package io.shipsync.wechat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;

/** JSON over HTTPS to the WeChat API host: one POST, its errcode turned into {@link PlatformError}. */
@ApplicationScoped
public class PlatformHttp {

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(3)).build();
    private final WeChatApiConfig config;
    private final ObjectMapper mapper;

    PlatformHttp(WeChatApiConfig config, ObjectMapper mapper) {
        this.config = config;
        this.mapper = mapper;
    }

    /** POSTs {@code body} to {@code path}; returns the response when errcode is 0 (or absent). */
    JsonNode post(String path, String accessToken, Object body) {
        String query = accessToken == null ? "" : "?access_token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8);
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(config.apiUrl() + path + query))
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(mapper.writeValueAsString(body)))
                    .build();
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() >= 500) {
                throw PlatformError.of(PlatformError.SYSTEM_BUSY, "HTTP " + response.statusCode());
            }
            JsonNode json = mapper.readTree(response.body());
            int errcode = json.path("errcode").asInt(0);
            if (errcode != 0) {
                throw PlatformError.of(errcode, json.path("errmsg").asText(""), json);
            }
            return json;
        } catch (HttpTimeoutException e) {
            throw PlatformError.of(PlatformError.TIMEOUT, "no answer within " + config.timeout());
        } catch (IOException e) {
            throw PlatformError.of(PlatformError.SYSTEM_BUSY, "unreachable: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw PlatformError.of(PlatformError.TIMEOUT, "interrupted");
        }
    }
}
