package io.shipsync.sim;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;

/** The feeds' signatures (reference §3.2, §3.3). */
final class TrackingSigns {

    private TrackingSigns() {
    }

    static String md5Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** kuaidi100: push {@code sign = UPPER(MD5(param + salt))}; query {@code UPPER(MD5(param + key + customer))}. */
    static String kuaidi100(String text) {
        return md5Hex(text).toUpperCase();
    }

    /** 快递鸟 DataSign before URL-encoding: Base64 of the lowercase hex MD5 string of RequestData + AppKey. */
    static String kdniao(String requestData, String appKey) {
        return Base64.getEncoder().encodeToString(md5Hex(requestData + appKey).getBytes(StandardCharsets.UTF_8));
    }

    static String form(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
