package io.shipsync.alerting.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.shipsync.events.AlertSeverity;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The WeCom (企业微信) group robot: {@code POST <url>?key=KEY} with
 * {@code {"msgtype":"markdown","markdown":{"content":"…"}}}, content at most 4096 bytes of UTF-8; the answer's
 * {@code errcode} 0 is success, 45009 the robot's 20-a-minute limit, -1 the server busy (both tried again), any
 * other (93000 an unknown key, 40058 too long, …) a refusal no retry changes.
 */
@ApplicationScoped
public class WeComRobotSender implements ChannelSender {

    static final int MAX_CONTENT_BYTES = 4096;
    /** The robot's limit is per minute: after a 45009 the next minute is a fresh one. */
    static final long RATE_LIMIT_WAIT_SECONDS = 60;

    private final HttpClient http;
    private final ObjectMapper json;
    private final String url;
    private final Duration timeout;

    WeComRobotSender(HttpClient http, ObjectMapper json, @ConfigProperty(name = "shipsync.alerting.wecom.url") String url,
                     @ConfigProperty(name = "shipsync.alerting.notify.timeout") Duration timeout) {
        this.http = http;
        this.json = json;
        this.url = url;
        this.timeout = timeout;
    }

    @Override
    public ChannelKind kind() {
        return ChannelKind.WECOM_ROBOT;
    }

    @Override
    public String render(Channel channel, Notice notice) {
        StringBuilder content = new StringBuilder();
        String colour = notice.severity() == AlertSeverity.CRITICAL ? "warning" : "comment";
        if (notice.reason() == Delivery.Reason.TEST) {
            content.append("### ShipSync 测试消息\n> ").append(notice.summary());
        } else {
            content.append("### ShipSync 告警 <font color=\"").append(colour).append("\">").append(notice.severity())
                    .append("</font>\n")
                    .append("> 规则: ").append(notice.rule()).append('\n')
                    .append("> 对象: ").append(notice.subjectType()).append(' ').append(notice.subjectId()).append('\n')
                    .append("> 店铺: ").append(notice.shopId()).append('\n');
            if (notice.reason() == Delivery.Reason.ESCALATED) {
                content.append("> 升级: 第 ").append(notice.step()).append(" 步 ").append(notice.action()).append('\n');
            }
            content.append("> 时间: ").append(notice.at()).append("\n\n").append(notice.summary());
        }
        try {
            return json.writeValueAsString(new RobotMessage("markdown", new Markdown(fit(content.toString(), MAX_CONTENT_BYTES))));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Sent send(Channel channel, String body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(
                        URI.create(url + "?key=" + URLEncoder.encode(channel.secret(), StandardCharsets.UTF_8)))
                .timeout(timeout).header("Content-Type", "application/json; charset=utf-8")
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
            answer = json.readTree(response.body());
        } catch (IOException e) {
            return Sent.of(Delivery.Outcome.TEMPORARY_FAILURE, 200, null, "unreadable answer");
        }
        int errcode = answer.path("errcode").asInt(Integer.MIN_VALUE);
        String code = String.valueOf(errcode);
        String errmsg = answer.path("errmsg").asText(null);
        if (errcode == 0) {
            return Sent.of(Delivery.Outcome.SENT, 200, code, null);
        }
        if (errcode == 45009) {
            return new Sent(Delivery.Outcome.RATE_LIMITED, 200, code, errmsg, RATE_LIMIT_WAIT_SECONDS);
        }
        return Sent.of(errcode == -1 ? Delivery.Outcome.TEMPORARY_FAILURE : Delivery.Outcome.REJECTED, 200, code, errmsg);
    }

    /** The robot's markdown message, its fields in the documented order. */
    record RobotMessage(String msgtype, Markdown markdown) {
    }

    record Markdown(String content) {
    }

    /** The text cut to at most {@code maxBytes} of UTF-8, never inside a character. */
    static String fit(String text, int maxBytes) {
        if (text.getBytes(StandardCharsets.UTF_8).length <= maxBytes) {
            return text;
        }
        String ellipsis = "…";
        int budget = maxBytes - ellipsis.getBytes(StandardCharsets.UTF_8).length;
        int bytes = 0;
        int end = 0;
        while (end < text.length()) {
            int codePoint = text.codePointAt(end);
            int size = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8).length;
            if (bytes + size > budget) {
                break;
            }
            bytes += size;
            end += Character.charCount(codePoint);
        }
        return text.substring(0, end) + ellipsis;
    }
}
