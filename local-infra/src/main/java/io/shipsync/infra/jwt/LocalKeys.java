package io.shipsync.infra.jwt;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * The key pair of a local installation, kept as PEM files in one folder ({@code .shipsync/jwt} by
 * default): created on first use, never committed. Services read {@code public.pem} only; {@code private.pem}
 * (what mints tokens) is readable by its owner alone, in a folder only its owner can enter, and files left
 * by an older checkout with wider permissions are narrowed when found.
 */
public final class LocalKeys {

    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PRIVATE_DIR = PosixFilePermissions.fromString("rwx------");

    private LocalKeys() {
    }

    public static KeyPair loadOrCreate(Path dir) throws IOException {
        Path publicKey = dir.resolve("public.pem");
        Path privateKey = dir.resolve("private.pem");
        if (Files.isDirectory(dir)) {
            Files.setPosixFilePermissions(dir, PRIVATE_DIR);
        } else {
            Files.createDirectories(dir.toAbsolutePath().getParent());
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIR));
        }
        if (Files.exists(publicKey) && Files.exists(privateKey)) {
            Files.setPosixFilePermissions(privateKey, PRIVATE_FILE);
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
        // Written 0600 from the first byte, then moved into place: the key is never readable by others, not even briefly.
        Path draft = Files.createTempFile(dir, "private", ".pem", PosixFilePermissions.asFileAttribute(PRIVATE_FILE));
        Files.writeString(draft, minter.privateKeyPem());
        Files.move(draft, privateKey, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Files.writeString(publicKey, minter.publicKeyPem());
        return keys;
    }

    private static byte[] der(Path pem) throws IOException {
        String body = Files.readString(pem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return Base64.getDecoder().decode(body);
    }
}
