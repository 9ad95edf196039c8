package io.shipsync.events;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Published schema files never change: replay reads events written under them forever. */
class PublishedSchemasTest {

    @Test
    void publishedSchemasAreUnchangedAndEverySchemaIsLocked() {
        assertThat(PublishedLock.violations(TestFiles.SCHEMA_SOURCES)).isEmpty();
    }

    @Test
    void theClasspathCopiesAreTheLockedBytes() {
        assertThat(PublishedLock.violations(TestFiles.schemasOnClasspath())).isEmpty();
    }

    @Test
    void aChangedPublishedSchemaFails(@TempDir Path dir) throws IOException {
        Path schema = Files.writeString(dir.resolve("OrderPlaced.v1.schema.json"), "{\"type\":\"object\"}");
        Files.writeString(dir.resolve(PublishedLock.FILE_NAME), PublishedLock.sha256(schema) + "  OrderPlaced.v1.schema.json\n");
        assertThat(PublishedLock.violations(dir)).isEmpty();

        Files.writeString(schema, "{\"type\":\"object\",\"required\":[\"x\"]}");

        assertThat(PublishedLock.violations(dir))
                .containsExactly("published schema OrderPlaced.v1.schema.json changed; add a new version instead");
    }

    @Test
    void aMissingPublishedSchemaFails(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve(PublishedLock.FILE_NAME), "0".repeat(64) + "  Gone.v1.schema.json\n");

        assertThat(PublishedLock.violations(dir)).singleElement().asString()
                .startsWith("published schema Gone.v1.schema.json is missing");
    }

    @Test
    void anUnlockedSchemaAndAMalformedLineFail(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("New.v1.schema.json"), "{}");
        Files.writeString(dir.resolve(PublishedLock.FILE_NAME), "abc New.v1.schema.json\n");

        List<String> violations = PublishedLock.violations(dir);

        assertThat(violations).hasSize(2);
        assertThat(violations.get(0)).startsWith("malformed line in published.lock");
        assertThat(violations.get(1)).startsWith("schema New.v1.schema.json has no line in published.lock");
    }
}
