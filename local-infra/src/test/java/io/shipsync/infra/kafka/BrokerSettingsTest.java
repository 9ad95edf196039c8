package io.shipsync.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class BrokerSettingsTest {

    @Test
    void defaultsComeFromTheEnvironmentThenTheBuiltIns() {
        BrokerSettings plain = BrokerSettings.parse(new String[] {"start"}, Map.of(), "cp");
        BrokerSettings env = BrokerSettings.parse(new String[] {"status"},
                Map.of("SHIPSYNC_HOME", "/srv/ss", "SHIPSYNC_KAFKA_PORT", "29092"), "cp");

        assertThat(plain.dataDir()).isEqualTo(Path.of(".shipsync", "kafka").toAbsolutePath());
        assertThat(plain.bootstrap()).isEqualTo("127.0.0.1:9092");
        assertThat(plain.controllerPort()).isEqualTo(9093);
        assertThat(plain.timeout()).isEqualTo(Duration.ofSeconds(60));
        assertThat(env.dataDir()).isEqualTo(Path.of("/srv/ss/kafka"));
        assertThat(env.port()).isEqualTo(29092);
    }

    @Test
    void optionsOverrideTheEnvironmentInBothSpellings() {
        BrokerSettings s = BrokerSettings.parse(new String[] {"start", "--port=19092", "--controller-port", "19093",
                "--data-dir", "/tmp/k", "--timeout=5"}, Map.of("SHIPSYNC_KAFKA_PORT", "29092"), "cp");

        assertThat(s.command()).isEqualTo("start");
        assertThat(s.bootstrap()).isEqualTo("127.0.0.1:19092");
        assertThat(s.controllerPort()).isEqualTo(19093);
        assertThat(s.dataDir()).isEqualTo(Path.of("/tmp/k"));
        assertThat(s.timeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> BrokerSettings.parse(new String[] {}, Map.of(), "cp")).hasMessage("missing command");
        assertThatThrownBy(() -> BrokerSettings.parse(new String[] {"restart"}, Map.of(), "cp"))
                .hasMessage("unknown command restart");
        assertThatThrownBy(() -> BrokerSettings.parse(new String[] {"start", "--port", "x"}, Map.of(), "cp"))
                .hasMessageContaining("--port needs a number");
        assertThatThrownBy(() -> BrokerSettings.parse(new String[] {"start", "--port"}, Map.of(), "cp"))
                .hasMessage("missing value for --port");
        assertThatThrownBy(() -> BrokerSettings.parse(new String[] {"start", "--port", "9093"}, Map.of(), "cp"))
                .hasMessageContaining("must differ");
        assertThatThrownBy(() -> BrokerSettings.parse(new String[] {"start", "--verbose", "1"}, Map.of(), "cp"))
                .hasMessage("unknown option --verbose");
    }
}
