package io.shipsync.infra.jwt;

import io.smallrye.jwt.build.Jwt;
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
 * caller may act for, {@code iss}, {@code aud} and {@code iat} what services check besides the signature.
 * Services verify them with the matching public key ({@code mp.jwt.verify.publickey.location}), issuer
 * ({@code mp.jwt.verify.issuer}), audience ({@code mp.jwt.verify.audiences}) and maximum age
 * ({@code mp.jwt.verify.token.age}); the local profiles' defaults are {@link #ISSUER} and {@link #AUDIENCE}.
 */
public final class TokenMinter {

    public static final String ISSUER = "https://shipsync.local";
    public static final String AUDIENCE = "shipsync";

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
        return mint(subject, role, shops, AUDIENCE, now, now.plus(validity));
    }

    /** A token that expired an hour ago (beyond any clock-skew allowance). */
    public String expired(String subject, String role, List<String> shops) {
        Instant now = Instant.now();
        return mint(subject, role, shops, AUDIENCE, now.minus(Duration.ofHours(2)), now.minus(Duration.ofHours(1)));
    }

    /** Any token of this key: another audience, or issued long ago, are what the services' checks must refuse. */
    public String mint(String subject, String role, List<String> shops, String audience, Instant issuedAt, Instant expiresAt) {
        return Jwt.issuer(ISSUER).audience(audience).subject(subject).upn(subject).groups(Set.of(role))
                .claim("shops", shops).issuedAt(issuedAt).expiresAt(expiresAt).sign(keys.getPrivate());
    }

    public String publicKeyPem() {
        return pem("PUBLIC KEY", keys.getPublic().getEncoded());
    }

    public String privateKeyPem() {
        return pem("PRIVATE KEY", keys.getPrivate().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
