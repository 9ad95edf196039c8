package io.shipsync.infra.testing;

import io.shipsync.infra.jwt.TokenMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Bearer tokens for tests, signed by a key pair made for this JVM, for the local issuer and audience
 * ({@link TokenMinter#ISSUER}, {@link TokenMinter#AUDIENCE}); {@link RealInfrastructure} points the service under
 * test at its public key, {@link #serviceConfig()} a packaged service run in production's profile. Nothing secret
 * is committed.
 */
public final class TestTokens {

    /** The longest a token may have been issued before (seconds): what the local profiles allow by default. */
    private static final long MAX_AGE_SECONDS = Duration.ofDays(7).toSeconds();
    private static final TokenMinter MINTER = new TokenMinter(TokenMinter.newKeyPair());
    private static Path publicKey;

    private TestTokens() {
    }

    public static String operator(String... shops) {
        return token("operator", shops);
    }

    public static String viewer(String... shops) {
        return token("viewer", shops);
    }

    public static String admin(String... shops) {
        return token("admin", shops);
    }

    public static String token(String role, String... shops) {
        return MINTER.mint("test-" + role, role, List.of(shops), Duration.ofHours(1));
    }

    public static String expired(String role, String... shops) {
        return MINTER.expired("test-" + role, role, List.of(shops));
    }

    /** A trusted, unexpired token made out to another audience than ShipSync's. */
    public static String forAudience(String audience, String role, String... shops) {
        Instant now = Instant.now();
        return MINTER.mint("test-" + role, role, List.of(shops), audience, now, now.plus(Duration.ofHours(1)));
    }

    /** A trusted token, still an hour from expiry, issued {@code age} ago. */
    public static String issuedAgo(Duration age, String role, String... shops) {
        Instant now = Instant.now();
        return MINTER.mint("test-" + role, role, List.of(shops), TokenMinter.AUDIENCE, now.minus(age), now.plus(Duration.ofHours(1)));
    }

    /** A well-formed token signed by a key the services do not trust. */
    public static String signedByStranger(String role, String... shops) {
        return new TokenMinter(TokenMinter.newKeyPair()).mint("stranger", role, List.of(shops), Duration.ofHours(1));
    }

    /**
     * Everything a service needs to accept these tokens when it runs in production's profile, which has no
     * defaults for them: key, issuer, audience and maximum age.
     */
    public static Map<String, String> serviceConfig() {
        return Map.of("mp.jwt.verify.publickey.location", publicKeyLocation(),
                "mp.jwt.verify.issuer", TokenMinter.ISSUER,
                "mp.jwt.verify.audiences", TokenMinter.AUDIENCE,
                "mp.jwt.verify.token.age", Long.toString(MAX_AGE_SECONDS));
    }

    public static synchronized String publicKeyLocation() {
        if (publicKey == null) {
            try {
                publicKey = Files.createTempFile("shipsync-test-jwt", ".pem");
                Files.writeString(publicKey, MINTER.publicKeyPem());
                publicKey.toFile().deleteOnExit();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return publicKey.toString();
    }
}
