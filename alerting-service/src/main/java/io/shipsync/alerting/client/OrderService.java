package io.shipsync.alerting.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Timeout;

/**
 * order-service's system API, as the stall ladder's 提醒买家 (remind the buyer) needs it: the buyer's number of an order,
 * asked for when an SMS is sent and never kept, and a customer-service message (客服消息) to the buyer in WeChat. Both
 * carry this service's own token ({@code shipsync.alerting.service-token}: role {@code system}, no shop). 404 (unknown
 * order), 409 (the platform refused: quota exhausted, order unpaid) and other 4xx are final ({@link ServiceRefused});
 * 429, 5xx (503: the platform unreachable, with {@code Retry-After}) and no answer are worth trying again
 * ({@link ServiceUnavailable}), which the caller's work queue does. SmallRye Fault Tolerance bounds each call: the
 * thread sending is interrupted at the timeout, which the JDK client answers by abandoning the exchange.
 */
@ApplicationScoped
@Timeout(10_000)
public class OrderService {

    /**
     * The buyer's number, as order-service decrypted it from the platform: used to send, never stored or logged
     * ({@link #toString()} masks it).
     *
     * @param virtual a platform privacy number (虚拟号) rather than the buyer's own
     */
    public record BuyerPhone(String orderId, String phone, boolean virtual) {

        @Override
        public String toString() {
            String masked = phone.length() < 8 ? "****"
                    : phone.substring(0, 3) + "****" + phone.substring(phone.length() - 4);
            return "BuyerPhone[orderId=" + orderId + ", phone=" + masked + ", virtual=" + virtual + "]";
        }
    }

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final ObjectMapper json;
    private final Optional<String> url;
    private final Optional<String> token;

    OrderService(ObjectMapper json, @ConfigProperty(name = "shipsync.alerting.order-service.url") Optional<String> url,
                 @ConfigProperty(name = "shipsync.alerting.service-token") Optional<String> token) {
        this.json = json;
        this.url = url.map(u -> u.endsWith("/") ? u.substring(0, u.length() - 1) : u);
        this.token = token;
    }

    /** {@code POST /api/system/shops/{shopId}/orders/{orderId}/buyer-phone}, no body. */
    public BuyerPhone buyerPhone(String shopId, String orderId)
            throws ServiceRefused, ServiceUnavailable, InterruptedException {
        JsonNode answer = post(shopId, orderId, "buyer-phone", null);
        String phone = answer.path("phone").asText("");
        if (phone.isBlank()) {
            throw new ServiceRefused(200, "order-service answered without the buyer's number");
        }
        return new BuyerPhone(orderId, phone, answer.path("virtual").asBoolean(false));
    }

    /**
     * {@code POST /api/system/shops/{shopId}/orders/{orderId}/buyer-messages} with {@code {"requestId","text"}} as given
     * (the same requestId on every attempt, so the platform sends a retried message once); the platform's message id.
     */
    public String sendBuyerMessage(String shopId, String orderId, String body)
            throws ServiceRefused, ServiceUnavailable, InterruptedException {
        return post(shopId, orderId, "buyer-messages", body).path("msgId").asText(null);
    }

    private JsonNode post(String shopId, String orderId, String what, String body)
            throws ServiceRefused, ServiceUnavailable, InterruptedException {
        if (url.isEmpty() || token.isEmpty()) {
            throw new ServiceRefused(null, (url.isEmpty() ? "shipsync.alerting.order-service.url" : "shipsync.alerting.service-token")
                    + " is not set: order-service cannot be asked");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url.get() + "/api/system/shops/" + segment(shopId)
                        + "/orders/" + segment(orderId) + "/" + what))
                .header("Authorization", "Bearer " + token.get()).header("Accept", "application/json");
        request = body == null ? request.POST(HttpRequest.BodyPublishers.noBody())
                : request.header("Content-Type", "application/json; charset=utf-8")
                        .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new ServiceUnavailable(null, "order-service did not answer: " + e, 0, e);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            try {
                return json.readTree(response.body());
            } catch (IOException e) {
                // The body may hold the buyer's number: only that it was unreadable is said.
                throw new ServiceUnavailable(status, "order-service's answer is not JSON", 0, null);
            }
        }
        String detail = "order-service " + status + ": " + Answers.detail(json, response);
        if (Answers.temporary(status)) {
            throw new ServiceUnavailable(status, detail, Answers.retryAfterSeconds(response), null);
        }
        throw new ServiceRefused(status, detail);
    }

    static String segment(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
