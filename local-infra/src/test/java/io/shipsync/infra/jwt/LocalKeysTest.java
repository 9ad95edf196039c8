package io.shipsync.infra.jwt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalKeysTest {

    @TempDir
    Path home;

    @Test
    void aNewPrivateKeyIsReadableByItsOwnerAloneInAFolderOnlyItsOwnerCanEnter() throws Exception {
        Path dir = home.resolve("jwt");

        LocalKeys.loadOrCreate(dir);

        assertThat(Files.getPosixFilePermissions(dir.resolve("private.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
        assertThat(Files.readString(dir.resolve("public.pem"))).startsWith("-----BEGIN PUBLIC KEY-----");
        try (var files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("private.pem", "public.pem");
        }
    }

    @Test
    void anExistingPairIsKeptAndItsWidePermissionsAreNarrowed() throws Exception {
        Path dir = home.resolve("jwt");
        KeyPair first = LocalKeys.loadOrCreate(dir);
        Files.setPosixFilePermissions(dir.resolve("private.pem"), PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        KeyPair again = LocalKeys.loadOrCreate(dir);

        assertThat(again.getPrivate()).isEqualTo(first.getPrivate());
        assertThat(again.getPublic()).isEqualTo(first.getPublic());
        assertThat(Files.getPosixFilePermissions(dir.resolve("private.pem"))).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(Files.getPosixFilePermissions(dir)).isEqualTo(PosixFilePermissions.fromString("rwx------"));
    }
}
