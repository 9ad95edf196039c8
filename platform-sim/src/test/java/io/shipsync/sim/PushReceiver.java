package io.shipsync.sim;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A shop's callback endpoint for the tests, written from the reference (§2.2–2.3) without the simulator's code:
 * it checks {@code signature} and {@code msg_signature}, decrypts {@code Encrypt}, and answers from a script
 * ("success" once the script runs out). A {@code sleep:N} line answers after N ms.
 */
final class PushReceiver implements AutoCloseable {

    /** One POST as received, verified and decrypted. */
    record Received(Map<String, String> query, String body, boolean signatureOk, boolean msgSignatureOk,
                    String message, String appId) {
    }

    private final String token;
    private final String aesKey;
    private final HttpServer server;
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final ConcurrentLinkedQueue<String> script = new ConcurrentLinkedQueue<>();
    final List<Received> received = new CopyOnWriteArrayList<>();
    final List<Map<String, String>> verifications = new CopyOnWriteArrayList<>();

    PushReceiver(String token, String aesKey) throws IOException {
        this.token = token;
        this.aesKey = aesKey;
        this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/callback", this::handle);
        server.setExecutor(pool);
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/callback";
    }

    void script(String... replies) {
        script.addAll(List.of(replies));
    }

    private void handle(HttpExchange exchange) throws IOException {
        Map<String, String> query = query(exchange.getRequestURI().getRawQuery());
        if (exchange.getRequestMethod().equals("GET")) {
            verifications.add(query);
            boolean ok = sha1Sorted(token, query.get("timestamp"), query.get("nonce")).equals(query.get("signature"));
            reply(exchange, 200, ok ? query.get("echostr") : "bad signature");
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String encrypt = WeChatClient.JSON.readTree(body).path("Encrypt").asText();
        boolean signatureOk = sha1Sorted(token, query.get("timestamp"), query.get("nonce"))
                .equals(query.get("signature"));
        boolean msgSignatureOk = sha1Sorted(token, query.get("timestamp"), query.get("nonce"), encrypt)
                .equals(query.get("msg_signature"));
        String[] plain = decrypt(encrypt);
        received.add(new Received(query, body, signatureOk, msgSignatureOk, plain[0], plain[1]));
        String next = script.poll();
        if (next == null) {
            reply(exchange, 200, "success");
        } else if (next.startsWith("sleep:")) {
            try {
                Thread.sleep(Long.parseLong(next.substring(6)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            reply(exchange, 200, "success");
        } else if (next.startsWith("status:")) {
            reply(exchange, Integer.parseInt(next.substring(7)), "success");
        } else {
            reply(exchange, 200, next);
        }
    }

    /** AES-256-CBC, key = Base64(aesKey + "="), IV = key[0:16]; strip the 1..32 pad; random16 ‖ len ‖ msg ‖ appid. */
    String[] decrypt(String encrypt) {
        try {
            byte[] key = Base64.getDecoder().decode(aesKey + "=");
            Cipher cipher = Cipher.getInstance("AES/CBC/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, new SecretKeySpec(key, "AES"), new IvParameterSpec(key, 0, 16));
            byte[] padded = cipher.doFinal(Base64.getDecoder().decode(encrypt));
            int pad = padded[padded.length - 1];
            if (pad < 1 || pad > 32 || padded.length % 32 != 0) {
                throw new IllegalStateException("bad padding " + pad + " / length " + padded.length);
            }
            byte[] plain = Arrays.copyOf(padded, padded.length - pad);
            int length = ByteBuffer.wrap(plain, 16, 4).getInt();
            String message = new String(plain, 20, length, StandardCharsets.UTF_8);
            String appId = new String(plain, 20 + length, plain.length - 20 - length, StandardCharsets.UTF_8);
            return new String[] {message, appId};
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static String sha1Sorted(String... parts) {
        List<String> sorted = new ArrayList<>(List.of(parts));
        sorted.sort(null);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(String.join("", sorted).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> params = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                String[] kv = pair.split("=", 2);
                params.put(kv[0], kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return params;
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
