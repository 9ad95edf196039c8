package io.shipsync.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A generic webhook: {@code POST} of a JSON body with {@value #TIMESTAMP_HEADER} (epoch seconds at sending) and
 * {@value #SIGNATURE_HEADER} {@code sha256=<lower-case hex HMAC-SHA256(secret, timestamp + "." + body)>}, the body
 * taken as its exact UTF-8 bytes. 2xx is success; 429 and 5xx are tried again, any other status is a refusal.
 */
@ApplicationScoped
public class SignedWebhookSender implements ChannelSender {

    public static final String TIMESTAMP_HEADER = "X-ShipSync-Timestamp";
    public static final String SIGNATURE_HEADER = "X-ShipSync-Signature";

    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final Duration timeout;

    SignedWebhookSender(HttpClient http, ObjectMapper json, Clock clock,
                        @ConfigProperty(name = "shipsync.alerting.notify.timeout") Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.WEBHOOK;
    }

    @Override
    public String render(Channel channel, Notice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reason", notice.reason().name());
        body.put("shopId", notice.shopId());
        body.put("alertId", notice.alertId() == null ? null : String.valueOf(notice.alertId()));
        body.put("rule", notice.rule() == null ? null : notice.rule().name());
        body.put("severity", notice.severity().name());
        body.put("subjectType", notice.subjectType() == null ? null : notice.subjectType().name());
        body.put("subjectId", notice.subjectId());
        body.put("summary", notice.summary());
        body.put("step", notice.step());
        body.put("action", notice.action());
        body.put("at", notice.at().toString());
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Sent send(Channel channel, String body) throws InterruptedException {
        String timestamp = Long.toString(clock.instant().getEpochSecond());
        HttpRequest request = HttpRequest.newBuilder(URI.create(channel.url())).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .header(TIMESTAMP_HEADER, timestamp)
                .header(SIGNATURE_HEADER, "sha256=" + signature(channel.secret(), timestamp, body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        try {
            int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
            if (status >= 200 && status < 300) {
                return Sent.of(Delivery.Outcome.SENT, status, null, null);
            }
            return Sent.of(status == 429 || status >= 500 ? Delivery.Outcome.TEMPORARY_FAILURE : Delivery.Outcome.REJECTED,
                    status, null, "HTTP " + status);
        } catch (IOException e) {
            return Sent.of(Delivery.Outcome.TEMPORARY_FAILURE, null, null, String.valueOf(e));
        }
    }

    /** Lower-case hex of HMAC-SHA256 keyed with the secret's UTF-8 over {@code timestamp + "." + body} in UTF-8. */
    static String signature(String secret, String timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
