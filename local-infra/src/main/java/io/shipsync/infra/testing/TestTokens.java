package io.shipsync.infra.testing;

import io.shipsync.infra.jwt.TokenMinter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Bearer tokens for tests, signed by a key pair made for this JVM; {@link RealInfrastructure} points the
 * service under test at its public key. Nothing secret is committed.
 */
public final class TestTokens {

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

    /** A well-formed token signed by a key the services do not trust. */
    public static String signedByStranger(String role, String... shops) {
        return new TokenMinter(TokenMinter.newKeyPair()).mint("stranger", role, List.of(shops), Duration.ofHours(1));
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
