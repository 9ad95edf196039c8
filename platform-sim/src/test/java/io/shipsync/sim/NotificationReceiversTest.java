package io.shipsync.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The WeCom robot and signed webhook receivers verify what they get, record it, limit robots and can be down. */
class NotificationReceiversTest {

    private final PlatformSim sim = PlatformSim.start();
    private final HttpClient http = HttpClient.newHttpClient();

    @AfterEach
    void close() {
        sim.close();
    }

    @Test
    void weComRobotTakesMarkdownForItsKeyAndLimitsTwentyAMinute() throws Exception {
        sim.addWeComRobot("robot-key-1");
        String message = "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"## 告警\\n> 缺货\"}}";

        assertThat(post("/cgi-bin/webhook/send?key=robot-key-1", message, null, null).body())
                .isEqualTo("{\"errcode\":0,\"errmsg\":\"ok\"}");
        assertThat(post("/cgi-bin/webhook/send?key=other", message, null, null).body()).contains("\"errcode\":93000");
        assertThat(post("/cgi-bin/webhook/send?key=robot-key-1", "{\"msgtype\":\"text\",\"text\":{\"content\":\"x\"}}",
                null, null).body()).contains("\"errcode\":40008");
        String tooLong = "{\"msgtype\":\"markdown\",\"markdown\":{\"content\":\"" + "告".repeat(1366) + "\"}}";
        assertThat(post("/cgi-bin/webhook/send?key=robot-key-1", tooLong, null, null).body()).contains("\"errcode\":40058");
        for (int i = 1; i < NotificationReceivers.WECOM_PER_MINUTE; i++) {
            assertThat(post("/cgi-bin/webhook/send?key=robot-key-1", message, null, null).body()).contains("\"errcode\":0");
        }
        assertThat(post("/cgi-bin/webhook/send?key=robot-key-1", message, null, null).body()).contains("\"errcode\":45009");

        NotificationReceived first = sim.notificationsReceived().get(0);
        assertThat(first.receiver()).isEqualTo(NotificationReceived.Receiver.WECOM_ROBOT);
        assertThat(first.accepted()).isTrue();
        assertThat(first.body()).isEqualTo(message);
        assertThat(sim.notificationsReceived()).filteredOn(NotificationReceived::accepted).hasSize(20);
    }

    @Test
    void webhookRecomputesTheSignatureAndCanBeDown() throws Exception {
        sim.addWebhook("ops", "hook-secret");
        String body = "{\"alertId\":\"1\",\"summary\":\"缺货\"}";
        String signature = "sha256=" + NotificationReceivers.hmacSha256Hex("hook-secret", "1764201600." + body);

        assertThat(post("/hooks/ops", body, "1764201600", signature).statusCode()).isEqualTo(200);
        assertThat(post("/hooks/ops", body, "1764201601", signature).statusCode()).isEqualTo(401);
        assertThat(post("/hooks/ops", body, null, null).statusCode()).isEqualTo(401);
        sim.takeDownReceiver("ops", 2);
        assertThat(post("/hooks/ops", body, "1764201600", signature).statusCode()).isEqualTo(503);
        assertThat(post("/hooks/ops", body, "1764201600", signature).statusCode()).isEqualTo(503);
        assertThat(post("/hooks/ops", body, "1764201600", signature).statusCode()).isEqualTo(200);

        assertThat(sim.notificationsReceived()).extracting(NotificationReceived::httpStatus)
                .containsExactly(200, 401, 401, 503, 503, 200);
        assertThat(sim.notificationsReceived().get(1).problem()).isEqualTo("signature mismatch");
        assertThat(sim.notificationsReceived().get(0).header("x-shipsync-timestamp")).isEqualTo("1764201600");
        assertThat(http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/sim/notifications?limit=1")).build(),
                HttpResponse.BodyHandlers.ofString()).body()).contains("\"httpStatus\" : 200");
    }

    @Test
    void tencentSmsRecomputesTheTc3SignatureAndChecksTheBody() throws Exception {
        sim.addSmsAccount("AKIDsim", "sim-secret-key", "1400000001", "ShipSync");
        String body = "{\"PhoneNumberSet\":[\"+8613800000000\"],\"SmsSdkAppId\":\"1400000001\",\"SignName\":\"ShipSync\","
                + "\"TemplateId\":\"449739\",\"TemplateParamSet\":[\"缺货\"]}";
        long now = java.time.Instant.now().getEpochSecond();

        HttpResponse<String> ok = sms(body, now, "sim-secret-key");
        assertThat(ok.body()).contains("\"Code\":\"Ok\"").contains("\"PhoneNumber\":\"+8613800000000\"");
        assertThat(sms(body, now, "wrong-key").body()).contains("AuthFailure.SignatureFailure");
        assertThat(sms(body, now - 3600, "sim-secret-key").body()).contains("AuthFailure.SignatureExpire");
        assertThat(sms(body.replace("+86138", "138"), now, "sim-secret-key").body())
                .contains("InvalidParameterValue.IncorrectPhoneNumber");
        sim.takeDownReceiver("AKIDsim", 1);
        assertThat(sms(body, now, "sim-secret-key").statusCode()).isEqualTo(503);

        assertThat(sim.notificationsReceived()).extracting(NotificationReceived::code)
                .containsExactly("Ok", "AuthFailure.SignatureFailure", "AuthFailure.SignatureExpire",
                        "InvalidParameterValue.IncorrectPhoneNumber", null);
        assertThat(sim.notificationsReceived().get(0).target()).isEqualTo("AKIDsim");
    }

    private HttpResponse<String> sms(String body, long timestamp, String secretKey) throws Exception {
        String host = java.net.URI.create(sim.baseUrl()).getAuthority();
        String date = java.time.Instant.ofEpochSecond(timestamp).atOffset(java.time.ZoneOffset.UTC).toLocalDate().toString();
        String canonical = "POST\n/\n\ncontent-type:application/json; charset=utf-8\nhost:" + host
                + "\nx-tc-action:sendsms\n\ncontent-type;host;x-tc-action\n" + TencentSmsReceiver.sha256Hex(body);
        String toSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/sms/tc3_request\n"
                + TencentSmsReceiver.sha256Hex(canonical);
        byte[] key = TencentSmsReceiver.hmac(TencentSmsReceiver.hmac(TencentSmsReceiver.hmac(
                ("TC3" + secretKey).getBytes(StandardCharsets.UTF_8), date), "sms"), "tc3_request");
        String signature = java.util.HexFormat.of().formatHex(TencentSmsReceiver.hmac(key, toSign));
        return http.send(HttpRequest.newBuilder(URI.create(sim.baseUrl() + "/"))
                .header("Content-Type", "application/json; charset=utf-8")
                .header("X-TC-Action", "SendSms").header("X-TC-Version", "2021-01-11")
                .header("X-TC-Timestamp", Long.toString(timestamp)).header("X-TC-Region", "ap-guangzhou")
                .header("Authorization", "TC3-HMAC-SHA256 Credential=AKIDsim/" + date
                        + "/sms/tc3_request, SignedHeaders=content-type;host;x-tc-action, Signature=" + signature)
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private HttpResponse<String> post(String path, String body, String timestamp, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(sim.baseUrl() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (timestamp != null) {
            request.header("X-ShipSync-Timestamp", timestamp).header("X-ShipSync-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
