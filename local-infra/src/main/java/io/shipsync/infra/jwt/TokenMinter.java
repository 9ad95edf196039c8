package io.shipsync.infra.jwt;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Signs ShipSync bearer tokens (RS256): {@code groups} holds the role, {@code shops} the shops the
 * caller may act for. Services verify them with the matching public key
 * ({@code mp.jwt.verify.publickey.location}).
 */
public final class TokenMinter {

    public static final String ISSUER = "https://shipsync.local";

    private final KeyPair keys;

    public TokenMinter(KeyPair keys) {
        this.keys = keys;
    }

    public static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("RSA is not available", e);
        }
    }

    public String mint(String subject, String role, List<String> shops, Duration validity) {
        Instant now = Instant.now();
        return claims(subject, role, shops).issuedAt(now).expiresAt(now.plus(validity)).sign(keys.getPrivate());
    }

    /** A token that expired an hour ago (beyond any clock-skew allowance). */
    public String expired(String subject, String role, List<String> shops) {
        Instant now = Instant.now();
        return claims(subject, role, shops).issuedAt(now.minus(Duration.ofHours(2)))
                .expiresAt(now.minus(Duration.ofHours(1))).sign(keys.getPrivate());
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    public String privateKeyPem() {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    private static JwtClaimsBuilder claims(String subject, String role, List<String> shops) {
        return Jwt.issuer(ISSUER).subject(subject).upn(subject).groups(Set.of(role)).claim("shops", shops);
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
