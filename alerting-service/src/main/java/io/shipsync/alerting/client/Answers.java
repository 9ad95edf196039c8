package io.shipsync.alerting.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.http.HttpResponse;

/** Reading another ShipSync service's answers: its problem+json refusals and its {@code Retry-After}. */
final class Answers {

    private Answers() {
    }

    /** Whether trying again later may bring another answer: the service or the platform behind it is busy or down. */
    static boolean temporary(int status) {
        return status == 429 || status >= 500;
    }

    /** The problem's {@code detail} (else its {@code title}), or the bare status when the body is no problem. */
    static String detail(ObjectMapper json, HttpResponse<String> response) {
        try {
            JsonNode problem = json.readTree(response.body());
            String detail = problem.path("detail").asText(problem.path("title").asText(""));
            if (!detail.isBlank()) {
                return detail;
            }
        } catch (IOException e) {
            // Not JSON (e.g. a proxy's error page): the status says enough.
        }
        return "HTTP " + response.statusCode();
    }

    /** {@code Retry-After} as delay-seconds; 0 when absent or given as a date. */
    static long retryAfterSeconds(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").map(String::trim).filter(v -> v.matches("\\d{1,6}"))
                .map(Long::parseLong).orElse(0L);
    }
}
