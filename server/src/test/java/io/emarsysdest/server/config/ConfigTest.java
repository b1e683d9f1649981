package io.emarsysdest.server.config;

import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConfigTest {
    @TempDir
    Path dir;

    @Test
    void defaultsApplyWithNothingConfigured() {
        Config c = Config.load(Map.of(), null, Map.of());
        assertThat(c.integer("server.port")).isEqualTo(8080);
        assertThat(c.path("server.dataDir")).isEqualTo(Path.of("./data"));
        assertThat(c.string("server.apiKey")).isNull();
        assertThat(c.duration("ingest.dedupWindow")).isEqualTo(Duration.ofDays(7));
    }

    @Test
    void theEnvironmentOverridesTheFileAndTheCommandLineOverridesBoth() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "server:\n  port: 9000\n  dataDir: /var/lib/emd\ningest:\n  dedupWindow: 24h\n");
        Config c = Config.load(Map.of("PORT", "9100", "API_KEY", "abcdefgh123"), file, Map.of("server.dataDir", "/tmp/x"));
        assertThat(c.integer("server.port")).isEqualTo(9100);
        assertThat(c.path("server.dataDir")).isEqualTo(Path.of("/tmp/x"));
        assertThat(c.duration("ingest.dedupWindow")).isEqualTo(Duration.ofHours(24));
        assertThat(c.string("server.apiKey")).isEqualTo("abcdefgh123");
        assertThat(c.describe().get("server.apiKey")).startsWith("***").contains("environment API_KEY");
    }

    @Test
    void reportsEveryProblemAtOnce() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "server:\n  prot: 9000\ningest:\n  dedupWindow: soon\n");
        assertThatThrownBy(() -> Config.load(Map.of("PORT", "eighty", "API_KEY", "short", "LOG_FORMAT", "xml"), file, Map.of()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::path).containsExactlyInAnyOrder(
                            "server.port", "server.apiKey", "ingest.dedupWindow", "log.format", "server.prot");
                    assertThat(e.getMessage()).contains("PT2H", "not a known setting", "8 characters").doesNotContain("short");
                });
    }

    @Test
    void theConfigurationReferenceListsEverySetting() throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "configuration.md"));
        for (SettingDef def : ConfigSchema.ALL) {
            assertThat(doc).as("docs/configuration.md mentions " + def.key()).contains("`" + def.key() + "`");
            if (def.env() != null) assertThat(doc).contains("`" + def.env() + "`");
        }
    }
}
