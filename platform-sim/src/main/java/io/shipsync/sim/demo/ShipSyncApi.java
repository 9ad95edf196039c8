package io.shipsync.sim.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * ShipSync's HTTP APIs as an operator calls them: bearer token, JSON in and out. The token is read from its
 * file on every call, so a token that {@code ./shipsync up} mints again is picked up without a restart.
 */
final class ShipSyncApi {

    static final ObjectMapper JSON = new ObjectMapper();

    /** An answer: HTTP status and the body (JSON when it parses, else text). */
    record Reply(int status, JsonNode body) {

        /** The problem+json {@code detail}, or the body, for a log line. */
        String problem() {
            return body.hasNonNull("detail") ? body.get("detail").asText() : body.toString();
        }
    }

    /** A downloaded document: HTTP status, content type and bytes. */
    record Download(int status, String contentType, byte[] bytes) {

        /** The problem+json {@code detail} of a refusal, or the start of the body, for a log line. */
        String problem() {
            JsonNode body = parse(new String(bytes, 0, Math.min(bytes.length, 2_000), StandardCharsets.UTF_8));
            return body.hasNonNull("detail") ? body.get("detail").asText() : contentType + ", " + bytes.length + " bytes";
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Path tokenFile;

    ShipSyncApi(Path tokenFile) {
        this.tokenFile = tokenFile;
    }

    Reply get(URI service, String path) throws IOException, InterruptedException {
        return send(request(service, path).GET());
    }

    Reply post(URI service, String path, JsonNode body) throws IOException, InterruptedException {
        return send(request(service, path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)));
    }

    /** A document that is not JSON (a PDF): the status and the bytes, whatever the status. */
    Download download(URI service, String path, String mediaType) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(service.resolve(path))
                .timeout(Duration.ofSeconds(30))
                .header("Accept", mediaType + ", application/problem+json")
                .header("Authorization", "Bearer " + Files.readString(tokenFile).strip())
                .GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        return new Download(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                response.body());
    }

    private HttpRequest.Builder request(URI service, String path) throws IOException {
        return HttpRequest.newBuilder(service.resolve(path))
                .timeout(Duration.ofSeconds(10))
                .header("Accept", "application/json")
                .header("Authorization", "Bearer " + Files.readString(tokenFile).strip());
    }

    private Reply send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Reply(response.statusCode(), parse(response.body()));
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
