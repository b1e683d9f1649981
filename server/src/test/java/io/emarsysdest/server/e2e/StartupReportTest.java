package io.emarsysdest.server.e2e;

import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.server.App;
import io.emarsysdest.server.config.Config;
import io.emarsysdest.server.config.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One start reports every configuration problem of every stage, and opens or writes nothing. */
class StartupReportTest {
    @TempDir
    Path dir;

    @Test
    void problemsInEveryStageAreAllInTheOneReport() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                server:
                  prot: 8080
                ingest:
                  maxEventBytes: lots
                emarsys:
                  user: api-user
                delivery:
                  linger: 2s
                identity:
                  blockedPatterns: "["
                audiences:
                  enabled: "yes"
                dataMaps:
                  maps:
                    - id: crm
                      mappings:
                        - from: traits.x
                          to: No Such Field
                rules:
                  - id: broken
                    action: {externalEvent: welcome}
                """);
        Path dataDir = dir.resolve("data");
        Config config = Config.read(Map.of(), file, Map.of("server.port", "0", "server.dataDir", dataDir.toString()));

        assertThatThrownBy(() -> App.start(config, InstantSource.system()))
                .isInstanceOfSatisfying(ConfigException.class, e -> {
                    assertThat(e.problems()).extracting(Problem::path).contains(
                            "server.prot",                       // settings
                            "ingest.maxEventBytes",              // settings
                            "emarsys.secret",                    // Emarsys account
                            "delivery.linger",                   // delivery
                            "identity.blockedPatterns[0]",       // identity
                            "audiences.enabled",                 // audiences
                            "dataMaps.maps[0].mappings[0].to");  // data maps
                    assertThat(e.problems()).extracting(Problem::path).anyMatch(p -> p.startsWith("rules[0]"));  // rules
                    assertThat(e.getMessage()).contains("ingest.maxEventBytes", "emarsys.secret", "identity.blockedPatterns[0]",
                            "audiences.enabled", "dataMaps.maps[0].mappings[0].to", "rules[0]");
                });
        assertThat(dataDir).as("nothing is opened or written before the configuration is sound").doesNotExist();
    }

    @Test
    void aSettingWithAProblemIsReportedAndTheOthersAreCheckedWithItsDefault() {
        Config config = Config.read(Map.of(), null, Map.of("ingest.maxEventBytes", "lots", "server.port", "0"));
        assertThat(config.problems()).extracting(Problem::path).containsExactly("ingest.maxEventBytes");
        assertThat(config.integer("ingest.maxEventBytes")).as("the default").isEqualTo(
                Config.read(Map.of(), null, Map.of()).integer("ingest.maxEventBytes"));
        assertThatThrownBy(() -> Config.load(Map.of(), null, Map.of("ingest.maxEventBytes", "lots")))
                .isInstanceOf(ConfigException.class);
    }
}
