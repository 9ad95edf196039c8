package io.shipsync.events;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** Reads test and main resources. */
final class TestFiles {

    /** Where schema files are edited and committed; the lock guards these bytes. */
    static final Path SCHEMA_SOURCES = Path.of("src", "main", "resources", "schemas");

    private TestFiles() {
    }

    static String resource(String name) {
        try (InputStream in = TestFiles.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean exists(String name) {
        return TestFiles.class.getClassLoader().getResource(name) != null;
    }

    static String sampleName(EventType type) {
        return "samples/" + type.name() + ".v" + type.schemaVersion() + ".json";
    }

    /** The schemas directory as it is on the test classpath (a directory while Maven runs the tests). */
    static Path schemasOnClasspath() {
        URL envelope = TestFiles.class.getClassLoader().getResource(EventTypes.ENVELOPE_SCHEMA);
        try {
            return Path.of(envelope.toURI()).getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
