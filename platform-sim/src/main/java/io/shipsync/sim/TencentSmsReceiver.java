package io.shipsync.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Tencent Cloud SMS API 3.0 (腾讯云短信) {@code SendSms}, version 2021-01-11, as {@code POST /} with {@code X-TC-*}
 * headers: the TC3-HMAC-SHA256 {@code Authorization} is recomputed from the canonical request (method, URI {@code /},
 * empty query, the signed headers lower-cased and trimmed, SHA-256 of the body), the credential scope
 * {@code date/sms/tc3_request} and the derived key ({@code "TC3" + SecretKey} → date → {@code sms} →
 * {@code tc3_request}); then the body's SmsSdkAppId, SignName, TemplateId and +86 numbers are checked. Answers are
 * the API's: {@code {"Response":{"SendStatusSet":[…],"RequestId":…}}} or {@code {"Response":{"Error":{"Code","Message"},…}}}.
 */
final class TencentSmsReceiver {

    static final String ACTION = "SendSms";
    static final String VERSION = "2021-01-11";
    private static final Pattern AUTHORIZATION = Pattern.compile(
            "TC3-HMAC-SHA256 Credential=([^/]+)/(\\d{4}-\\d{2}-\\d{2})/sms/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})");
    private static final Pattern CHINA_MOBILE = Pattern.compile("\\+861\\d{10}");
    private static final long MAX_SKEW_SECONDS = 300;

    /** A Tencent Cloud account's API key and its SMS application, signature (签名) and templates. */
    record Account(String secretId, String secretKey, String sdkAppId, String signName) {
    }

    private final Clock clock;
    private final Map<String, Account> accounts = new ConcurrentHashMap<>();
    private final AtomicLong serial = new AtomicLong(2640);

    TencentSmsReceiver(Clock clock) {
        this.clock = clock;
    }

    static boolean serves(HttpExchange exchange) {
        return exchange.getRequestURI().getPath().equals("/") && exchange.getRequestHeaders().containsKey("X-TC-Action");
    }

    void addAccount(Account account) {
        Require.text(account.secretId(), "secretId");
        Require.text(account.secretKey(), "secretKey");
        Require.text(account.sdkAppId(), "sdkAppId");
        Require.text(account.signName(), "signName");
        accounts.put(account.secretId(), account);
    }

    boolean knows(String secretId) {
        return accounts.containsKey(secretId);
    }

    void reset() {
        accounts.clear();
    }

    /** The secret id the request claims (the receiver's target), or "" when its Authorization says none. */
    static String secretIdOf(HttpExchange exchange) {
        Matcher m = AUTHORIZATION.matcher(String.valueOf(exchange.getRequestHeaders().getFirst("Authorization")));
        return m.matches() ? m.group(1) : "";
    }

    /** The answer: HTTP status, the API's code ("Ok" or the error's), a problem (null when accepted), the body. */
    record Answer(int status, String code, String problem, String body) {
    }

    Answer handle(HttpExchange exchange, String body) {
        String requestId = UUID.randomUUID().toString();
        var headers = exchange.getRequestHeaders();
        if (!exchange.getRequestMethod().equals("POST")) {
            return error("InvalidParameter", "only POST with a JSON body is served here", requestId);
        }
        if (!ACTION.equals(headers.getFirst("X-TC-Action"))) {
            return error("InvalidAction", "action " + headers.getFirst("X-TC-Action") + " not found", requestId);
        }
        if (!VERSION.equals(headers.getFirst("X-TC-Version"))) {
            return error("NoSuchVersion", "version " + headers.getFirst("X-TC-Version") + " not found", requestId);
        }
        Matcher auth = AUTHORIZATION.matcher(String.valueOf(headers.getFirst("Authorization")));
        if (!auth.matches()) {
            return error("AuthFailure.InvalidAuthorization", "Authorization is not TC3-HMAC-SHA256", requestId);
        }
        Account account = accounts.get(auth.group(1));
        if (account == null) {
            return error("AuthFailure.SecretIdNotFound", "the SecretId is not found", requestId);
        }
        long timestamp;
        try {
            timestamp = Long.parseLong(String.valueOf(headers.getFirst("X-TC-Timestamp")));
        } catch (NumberFormatException e) {
            return error("MissingParameter", "X-TC-Timestamp is required", requestId);
        }
        if (Math.abs(clock.instant().getEpochSecond() - timestamp) > MAX_SKEW_SECONDS) {
            return error("AuthFailure.SignatureExpire", "signature expired: timestamp too far from the server's", requestId);
        }
        String date = Instant.ofEpochSecond(timestamp).atOffset(ZoneOffset.UTC).toLocalDate().toString();
        if (!date.equals(auth.group(2))) {
            return error("AuthFailure.SignatureFailure", "credential date is not the timestamp's UTC date", requestId);
        }
        String signedHeaders = auth.group(3);
        if (!signedHeaders.contains("content-type") || !signedHeaders.contains("host")) {
            return error("AuthFailure.SignatureFailure", "content-type and host must be signed", requestId);
        }
        StringBuilder canonicalHeaders = new StringBuilder();
        for (String name : signedHeaders.split(";")) {
            String value = headers.getFirst(name);
            if (value == null) {
                return error("AuthFailure.SignatureFailure", "signed header " + name + " is missing", requestId);
            }
            canonicalHeaders.append(name).append(':').append(value.trim().toLowerCase()).append('\n');
        }
        String canonicalRequest = "POST\n/\n\n" + canonicalHeaders + "\n" + signedHeaders + "\n" + sha256Hex(body);
        String stringToSign = "TC3-HMAC-SHA256\n" + timestamp + "\n" + date + "/sms/tc3_request\n" + sha256Hex(canonicalRequest);
        byte[] secretDate = hmac(("TC3" + account.secretKey()).getBytes(StandardCharsets.UTF_8), date);
        byte[] secretService = hmac(secretDate, "sms");
        byte[] secretSigning = hmac(secretService, "tc3_request");
        String expected = HexFormat.of().formatHex(hmac(secretSigning, stringToSign));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII),
                auth.group(4).getBytes(StandardCharsets.US_ASCII))) {
            return error("AuthFailure.SignatureFailure", "the request signature does not match", requestId);
        }
        JsonNode request;
        try {
            request = Json.MAPPER.readTree(body);
        } catch (IOException e) {
            return error("InvalidParameter", "the body is not JSON", requestId);
        }
        if (!account.sdkAppId().equals(request.path("SmsSdkAppId").asText())) {
            return error("FailedOperation.SmsSdkAppIdVerifyFail", "SmsSdkAppId does not belong to this account", requestId);
        }
        if (!account.signName().equals(request.path("SignName").asText())) {
            return error("FailedOperation.SignatureIncorrectOrUnapproved", "SignName is not approved", requestId);
        }
        if (request.path("TemplateId").asText().isBlank()) {
            return error("MissingParameter", "TemplateId is required", requestId);
        }
        JsonNode numbers = request.path("PhoneNumberSet");
        if (!numbers.isArray() || numbers.isEmpty() || numbers.size() > 200) {
            return error("InvalidParameterValue.MissingPhoneNumber", "PhoneNumberSet needs 1 to 200 numbers", requestId);
        }
        for (JsonNode number : numbers) {
            if (!CHINA_MOBILE.matcher(number.asText()).matches()) {
                return error("InvalidParameterValue.IncorrectPhoneNumber", "a number is not +86 and 11 digits", requestId);
            }
        }
        JsonNode params = request.path("TemplateParamSet");
        if (!params.isMissingNode() && !params.isArray()) {
            return error("InvalidParameterValue.TemplateParameterFormatError", "TemplateParamSet is not a list", requestId);
        }
        ObjectNode answer = Json.object();
        ObjectNode response = answer.putObject("Response");
        ArrayNode statuses = response.putArray("SendStatusSet");
        for (JsonNode number : numbers) {
            statuses.addObject().put("SerialNo", "5000:" + serial.incrementAndGet()).put("PhoneNumber", number.asText())
                    .put("Fee", 1).put("SessionContext", "").put("Code", "Ok").put("Message", "send success")
                    .put("IsoCode", "CN");
        }
        response.put("RequestId", requestId);
        return new Answer(200, "Ok", null, Json.write(answer));
    }

    private static Answer error(String code, String message, String requestId) {
        ObjectNode answer = Json.object();
        ObjectNode response = answer.putObject("Response");
        response.putObject("Error").put("Code", code).put("Message", message);
        response.put("RequestId", requestId);
        return new Answer(200, code, code + ": " + message, Json.write(answer));
    }

    static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
