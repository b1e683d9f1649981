package io.emarsysdest.server.e2e;

import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.server.App;
import io.emarsysdest.server.config.Config;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Data maps and rules can come from the config file: they are validated, published at start, and used. */
class ConfigFileDataTest {
    @TempDir
    Path dir;

    private App start(String yaml) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, yaml);
        return App.start(Config.load(Map.of(), file, Map.of("server.port", "0", "server.dataDir", dir.resolve("data").toString(),
                "server.apiKey", TestServer.KEY)), InstantSource.system());
    }

    private static void await(java.util.function.BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(25);
        }
    }

    @Test
    void mapsAndRulesFromTheConfigFileArePublishedAndApplied() throws Exception {
        try (App app = start("""
                dataMaps:
                  maps:
                    - id: crm
                      mappings:
                        - from: traits.company_name
                          to: Company
                rules:
                  - id: welcome
                    entry: {event: {type: track, name: Signed Up}}
                    action: {externalEvent: welcome, data: {global: {plan: "{{entry.properties.plan}}"}}}
                """)) {
            var http = java.net.http.HttpClient.newHttpClient();
            String base = "http://localhost:" + app.port();
            for (String body : new String[]{
                    "{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"email\":\"cfg@example.com\",\"company_name\":\"Acme\"}}",
                    "{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Signed Up\",\"properties\":{\"plan\":\"pro\"}}"}) {
                var r = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(base + "/v1/batch"))
                        .header("Authorization", TestServer.basic(TestServer.KEY + ":"))
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{\"batch\":[" + body + "]}")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).isEqualTo(200);
            }
            EmarsysSandbox sandbox = app.emarsys().sandbox();
            await(() -> !sandbox.findContacts("3", "cfg@example.com").isEmpty()
                    && "Acme".equals(sandbox.findContacts("3", "cfg@example.com").get(0).get("18")));
            await(() -> sandbox.triggers().stream().anyMatch(t -> t.externalId().equals("cfg@example.com")
                    && t.data().path("global").path("plan").asText().equals("pro")));
        }
    }

    @Test
    void aBadMapInTheConfigFileStopsTheStartAndNamesEveryProblem() {
        assertThatThrownBy(() -> start("""
                dataMaps:
                  maps:
                    - id: crm
                      mappings:
                        - from: traits.x
                          to: No Such Field
                        - form: traits.y
                          to: Company
                """)).isInstanceOfSatisfying(ValidationException.class, e ->
                assertThat(e.problems()).extracting(Problem::code).contains("unknown_field", "unknown_key"));
    }
}
