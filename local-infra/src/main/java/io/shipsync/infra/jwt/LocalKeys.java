package io.shipsync.infra.jwt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The key pair of a local installation, kept as PEM files in one folder ({@code .shipsync/jwt} by
 * default): created on first use, never committed. Services read {@code public.pem}.
 */
public final class LocalKeys {

    private LocalKeys() {
    }

    public static KeyPair loadOrCreate(Path dir) throws IOException {
        Path publicKey = dir.resolve("public.pem");
        Path privateKey = dir.resolve("private.pem");
        if (Files.exists(publicKey) && Files.exists(privateKey)) {
            try {
                KeyFactory rsa = KeyFactory.getInstance("RSA");
                return new KeyPair(rsa.generatePublic(new X509EncodedKeySpec(der(publicKey))),
                        rsa.generatePrivate(new PKCS8EncodedKeySpec(der(privateKey))));
            } catch (GeneralSecurityException e) {
                throw new IOException("Unreadable key pair in " + dir + ": " + e.getMessage(), e);
            }
        }
        KeyPair keys = TokenMinter.newKeyPair();
        TokenMinter minter = new TokenMinter(keys);
        Files.createDirectories(dir);
        Files.writeString(publicKey, minter.publicKeyPem());
        Files.writeString(privateKey, minter.privateKeyPem());
        return keys;
    }

    private static byte[] der(Path pem) throws IOException {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
