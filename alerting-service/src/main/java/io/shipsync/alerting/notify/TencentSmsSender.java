package io.shipsync.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SMS (短信) through Tencent Cloud SMS API 3.0: {@code POST /} to {@code sms.tencentcloudapi.com} with
 * {@code X-TC-Action: SendSms}, {@code X-TC-Version: 2021-01-11}, {@code X-TC-Timestamp}, {@code X-TC-Region} and a
 * TC3-HMAC-SHA256 {@code Authorization} over the canonical request (headers {@code content-type;host;x-tc-action}),
 * body {@code {"PhoneNumberSet":["+86…"],"SmsSdkAppId","SignName","TemplateId","TemplateParamSet":[severity, rule, subject]}}.
 * Every number answering {@code Code "Ok"} is success; {@code RequestLimitExceeded} and {@code LimitExceeded.*} wait a
 * minute, {@code InternalError*} is tried again, any other code is a refusal. The stall ladder's buyer reminder
 * (提醒买家) goes with the channel's {@code buyerTemplateId} and the parameters carrier name and tracking number; its
 * stored body lacks {@code PhoneNumberSet}, which {@link #sendToBuyer} puts first at each attempt.
 */
@ApplicationScoped
public class TencentSmsSender implements ChannelSender {

    static final String ACTION = "SendSms";
    static final String VERSION = "2021-01-11";
    static final String SIGNED_HEADERS = "content-type;host;x-tc-action";
    private static final String CONTENT_TYPE = "application/json; charset=utf-8";
    private static final long RATE_LIMIT_WAIT_SECONDS = 60;

    private final HttpClient http;
    private final ObjectMapper json;
    private final Clock clock;
    private final URI endpoint;
    private final String region;
    private final Duration timeout;

    TencentSmsSender(HttpClient http, ObjectMapper json, Clock clock,
                     @ConfigProperty(name = "shipsync.alerting.tencent-sms.url") String url,
                     @ConfigProperty(name = "shipsync.alerting.tencent-sms.region") String region,
                     @ConfigProperty(name = "shipsync.alerting.notify.timeout") Duration timeout) {
        this.http = http;
        this.json = json;
        this.clock = clock;
        this.endpoint = URI.create(url.endsWith("/") ? url : url + "/");
        this.region = region;
        this.timeout = timeout;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.SMS;
    }

    @Override
    public String render(Channel channel, Notice notice) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("PhoneNumberSet", channel.sms().recipients());
        body.put("SmsSdkAppId", channel.sms().sdkAppId());
        body.put("SignName", channel.sms().signName());
        body.put("TemplateId", channel.sms().templateId());
        body.put("TemplateParamSet", notice.reason() == Delivery.Reason.TEST
                ? List.of(notice.severity().name(), "TEST", channel.channelId())
                : List.of(notice.severity().name(), notice.rule().name(), notice.subjectId()));
        return write(body);
    }

    /**
     * The buyer reminder's request without its recipient: {@code {"SmsSdkAppId","SignName","TemplateId":<buyer
     * template>,"TemplateParamSet":[carrier name, tracking number]}}.
     */
    String renderBuyerReminder(Channel channel, String carrierName, String trackingNumber) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("SmsSdkAppId", channel.sms().sdkAppId());
        body.put("SignName", channel.sms().signName());
        body.put("TemplateId", channel.sms().buyerTemplateId());
        body.put("TemplateParamSet", List.of(carrierName, trackingNumber));
        return write(body);
    }

    /** Sends a buyer reminder's body to one number (+86…), which goes first in the request and nowhere else. */
    Sent sendToBuyer(Channel channel, String body, String phoneNumber) throws InterruptedException {
        ObjectNode request = json.createObjectNode();
        request.putArray("PhoneNumberSet").add(phoneNumber);
        try {
            request.setAll((ObjectNode) json.readTree(body));
            return send(channel, json.writeValueAsString(request));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Sent send(Channel channel, String body) throws InterruptedException {
        Instant now = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(endpoint).timeout(timeout)
                .header("Content-Type", CONTENT_TYPE)
                .header("X-TC-Action", ACTION).header("X-TC-Version", VERSION)
                .header("X-TC-Timestamp", Long.toString(now.getEpochSecond())).header("X-TC-Region", region)
                .header("Authorization", authorization(channel.sms().secretId(), channel.secret(), endpoint.getAuthority(),
                        now.getEpochSecond(), body))
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build();
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            return Sent.of(Delivery.Outcome.TEMPORARY_FAILURE, null, null, String.valueOf(e));
        }
        if (response.statusCode() != 200) {
            return Sent.of(response.statusCode() >= 500 || response.statusCode() == 429
                    ? Delivery.Outcome.TEMPORARY_FAILURE : Delivery.Outcome.REJECTED, response.statusCode(), null,
                    "HTTP " + response.statusCode());
        }
        JsonNode answer;
        try {
            answer = json.readTree(response.body()).path("Response");
        } catch (IOException e) {
            return Sent.of(Delivery.Outcome.TEMPORARY_FAILURE, 200, null, "unreadable answer");
        }
        if (answer.has("Error")) {
            return answered(answer.path("Error").path("Code").asText(), answer.path("Error").path("Message").asText(null));
        }
        for (JsonNode status : answer.path("SendStatusSet")) {
            if (!"Ok".equals(status.path("Code").asText())) {
                // Only the code and message: the status also names the number, which stays out of the log.
                return answered(status.path("Code").asText(), status.path("Message").asText(null));
            }
        }
        return Sent.of(Delivery.Outcome.SENT, 200, "Ok", null);
    }

    private static Sent answered(String code, String message) {
        if (code.equals("RequestLimitExceeded") || code.startsWith("LimitExceeded")) {
            return new Sent(Delivery.Outcome.RATE_LIMITED, 200, code, message, RATE_LIMIT_WAIT_SECONDS);
        }
        return Sent.of(code.startsWith("InternalError") ? Delivery.Outcome.TEMPORARY_FAILURE : Delivery.Outcome.REJECTED,
                200, code, message);
    }

    /**
     * {@code TC3-HMAC-SHA256 Credential=<SecretId>/<UTC date>/sms/tc3_request, SignedHeaders=…, Signature=<hex>}: the
     * signature is HMAC-SHA256, keyed by {@code "TC3" + SecretKey} → date → {@code sms} → {@code tc3_request}, of
     * {@code TC3-HMAC-SHA256\n<timestamp>\n<date>/sms/tc3_request\n<hex SHA-256 of the canonical request>}, the canonical
     * request being {@code POST\n/\n\n} + the signed headers as lower-case {@code name:value\n} + {@code \n} + their
     * names + {@code \n} + hex SHA-256 of the body.
     */
    static String authorization(String secretId, String secretKey, String host, long timestamp, String body) {
        String date = Instant.ofEpochSecond(timestamp).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        String canonicalRequest = "POST\n/\n\n"
                + "content-type:" + CONTENT_TYPE + "\n"
                + "host:" + host.toLowerCase() + "\n"
                + "x-tc-action:" + ACTION.toLowerCase() + "\n"
                + "\n" + SIGNED_HEADERS + "\n" + sha256Hex(body);
        String scope = date + "/sms/tc3_request";
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + scope + "\n" + sha256Hex(canonicalRequest);
        byte[] key = hmac(hmac(hmac(("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date), "sms"), "tc3_request");
        return "TC3-HMAC-SHA256 Credential=" + secretId + "/" + scope + ", SignedHeaders=" + SIGNED_HEADERS
                + ", Signature=" + HexFormat.of().formatHex(hmac(key, stringToSign));
    }

    private static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
