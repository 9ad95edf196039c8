package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a kuaidi100 / 快递鸟 client sends, written from the reference (§3) without the simulator's code: form
 * POSTs and the feeds' signatures.
 */
final class FeedClient {

    static final String KEY = "sim-kuaidi100-key";
    static final String CUSTOMER = "sim-customer";
    static final String EBUSINESS_ID = "1234567";
    static final String APP_KEY = "sim-kdniao-appkey";

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    FeedClient(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** 快递鸟: Base64 of the lowercase hex MD5 string (before URL-encoding). */
    static String kdniaoSign(String requestData, String appKey) {
        return Base64.getEncoder().encodeToString(md5Hex(requestData + appKey).getBytes(StandardCharsets.UTF_8));
    }

    /** kuaidi100 subscribe: schema=json, param. */
    JsonNode poll(String param) {
        return form("/poll", Map.of("schema", "json", "param", param));
    }

    /** kuaidi100 subscribe param with the usual parameters. */
    static String subscribeParam(String company, String number, String callbackUrl, String salt, String phone) {
        Map<String, Object> parameters = new LinkedHashMap<>();
        if (callbackUrl != null) {
            parameters.put("callbackurl", callbackUrl);
        }
        if (salt != null) {
            parameters.put("salt", salt);
        }
        parameters.put("resultv2", "4");
        if (phone != null) {
            parameters.put("phone", phone);
        }
        Map<String, Object> param = new LinkedHashMap<>();
        param.put("company", company);
        param.put("number", number);
        param.put("from", "浙江省杭州市余杭区");
        param.put("to", "广东省深圳市南山区");
        param.put("key", KEY);
        param.put("parameters", parameters);
        try {
            return WeChatClient.JSON.writeValueAsString(param);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode query(String param, String key, String customer) {
        return form("/poll/query.do", Map.of("customer", customer, "param", param,
                "sign", md5Hex(param + key + customer).toUpperCase()));
    }

    JsonNode autonumber(String number, String key) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl + "/autonumber/auto?num=" + number + "&key=" + key)).GET());
    }

    JsonNode kdniao(String path, String requestType, String requestData, String appKey) {
        return form(path, Map.of("RequestData", requestData, "EBusinessID", EBUSINESS_ID, "RequestType", requestType,
                "DataSign", kdniaoSign(requestData, appKey), "DataType", "2"));
    }

    JsonNode form(String path, Map<String, String> fields) {
        String body = fields.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private JsonNode send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return WeChatClient.JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
