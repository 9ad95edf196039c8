package io.shipsync.events;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads {@code published.lock} ({@code sha256sum} format: {@code <sha256>  <file name>} per line) and
 * compares it with the schema files beside it.
 */
final class PublishedLock {

    static final String FILE_NAME = "published.lock";

    private PublishedLock() {
    }

    /** Why the schema directory breaks the lock; empty when every published schema is intact and locked. */
    static List<String> violations(Path schemaDir) {
        List<String> out = new ArrayList<>();
        List<String> locked = new ArrayList<>();
        for (String line : lines(schemaDir)) {
            String[] parts = line.split(" {2}", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9a-f]{64}")) {
                out.add("malformed line in " + FILE_NAME + ": '" + line + "'");
                continue;
            }
            String name = parts[1];
            locked.add(name);
            Path file = schemaDir.resolve(name);
            if (!Files.isRegularFile(file)) {
                out.add("published schema " + name + " is missing; published versions stay readable forever");
            } else if (!parts[0].equals(sha256(file))) {
                out.add("published schema " + name + " changed; add a new version instead");
            }
        }
        try (Stream<Path> files = Files.list(schemaDir)) {
            files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".schema.json") && !locked.contains(name))
                    .sorted()
                    .forEach(name -> out.add("schema " + name + " has no line in " + FILE_NAME
                            + "; add one with: sha256sum " + name + " >> " + FILE_NAME));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    /** File names listed in the lock. */
    static List<String> lockedFileNames(Path schemaDir) {
        return lines(schemaDir).stream().map(line -> line.substring(line.indexOf("  ") + 2)).toList();
    }

    private static List<String> lines(Path schemaDir) {
        try {
            return Files.readAllLines(schemaDir.resolve(FILE_NAME)).stream().filter(line -> !line.isBlank()).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256(Path file) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
