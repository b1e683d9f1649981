package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.server.rules.StateDb;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sql.DataSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RulesApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String BROWSE = """
            {"id":"abandoned-browse","name":"Abandoned browse",
             "entry":{"event":{"type":"track","name":"Product Viewed"},"correlateBy":"properties.product_id"},
             "steps":[{"id":"no_order","kind":"absence","within":{"duration":"PT2H","from":"entry"},
                       "event":{"type":"track","name":"Order Completed"}}],
             "time":{"grace":"PT10M"},
             "action":{"externalEvent":"abandoned_browse","data":{"product":"{{entry.properties.name}}"}}}
            """;

    @TempDir
    Path dir;
    Javalin app;
    final List<RuleSet> published = new ArrayList<>();
    final HttpClient http = HttpClient.newHttpClient();

    String start(Path folder) {
        DataSource db = StateDb.create(folder);
        app = Javalin.create();
        new RulesApi(db, new RuleParser(), new RuleEngine(), InstantSource.fixed(Instant.parse("2026-11-23T10:00:00Z")), published::add)
                .register(app);
        app.start(0);
        return "http://localhost:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) app.stop();
    }

    record Reply(int status, JsonNode body) {
    }

    Reply call(String method, String url, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json");
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), JSON.readTree(r.body()));
    }

    @Test
    void a_bad_draft_is_refused_with_every_problem() throws Exception {
        String base = start(dir);
        Reply r = call("PUT", base + "/api/rules/bad", """
                {"entry":{"event":{"type":"track"}},"steps":[{"id":"s","kind":"absence","event":{"type":"track","name":"X"},"within":{"duration":"P999D"}}]}
                """);
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().path("error").asText()).isEqualTo("invalid_rule");
        assertThat(r.body().path("problems").findValuesAsText("path"))
                .containsExactlyInAnyOrder("entry.event.name", "steps[0].within.duration", "action");
    }

    @Test
    void drafts_are_published_versioned_listed_and_deactivated() throws Exception {
        String base = start(dir);
        Reply draft = call("PUT", base + "/api/rules/abandoned-browse", BROWSE);
        assertThat(draft.status()).isEqualTo(200);
        assertThat(draft.body().path("version").asInt()).isEqualTo(1);
        assertThat(draft.body().path("status").asText()).isEqualTo("draft");
        assertThat(published).isEmpty();

        assertThat(call("POST", base + "/api/rules/abandoned-browse/publish", null).status()).isEqualTo(200);
        assertThat(published).last().satisfies(s -> assertThat(s.active()).hasSize(1));

        assertThat(call("PUT", base + "/api/rules/abandoned-browse", BROWSE.replace("PT2H", "PT3H")).body().path("version").asInt()).isEqualTo(2);
        Reply one = call("GET", base + "/api/rules/abandoned-browse", null);
        assertThat(one.body().path("activeVersion").asInt()).isEqualTo(1);
        assertThat(one.body().path("hasDraft").asBoolean()).isTrue();
        assertThat(one.body().path("definition").path("steps").get(0).path("within").path("duration").asText()).isEqualTo("PT3H");
        assertThat(call("GET", base + "/api/rules/abandoned-browse/versions", null).body().path("versions").findValuesAsText("status"))
                .containsExactly("published", "draft");
        assertThat(call("GET", base + "/api/rules/abandoned-browse/versions/1", null).body().path("definition").path("version").asInt()).isEqualTo(1);
        assertThat(call("GET", base + "/api/rules", null).body().path("rules").findValuesAsText("id")).containsExactly("abandoned-browse");

        Reply off = call("POST", base + "/api/rules/abandoned-browse/deactivate", null);
        assertThat(off.body().path("status").asText()).isEqualTo("inactive");
        assertThat(published).last().satisfies(s -> assertThat(s.active()).isEmpty());
        assertThat(call("GET", base + "/api/rules/nope", null).status()).isEqualTo(404);
    }

    @Test
    void rules_export_and_import_as_json() throws Exception {
        String base = start(dir);
        call("PUT", base + "/api/rules/abandoned-browse", BROWSE);
        call("POST", base + "/api/rules/abandoned-browse/publish", null);
        JsonNode exported = call("GET", base + "/api/rules/export", null).body();
        app.stop();

        Path other = dir.resolve("other");
        java.nio.file.Files.createDirectories(other);
        String base2 = start(other);
        Reply bad = call("POST", base2 + "/api/rules/import", "{\"rules\":[{\"id\":\"x\"}," + exported.path("rules").get(0) + "]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("problems").findValuesAsText("path")).contains("rules[0].entry", "rules[0].action");
        assertThat(call("GET", base2 + "/api/rules", null).body().path("rules")).isEmpty();

        Reply ok = call("POST", base2 + "/api/rules/import", exported.toString());
        assertThat(ok.status()).isEqualTo(200);
        assertThat(ok.body().path("rules").get(0).path("status").asText()).isEqualTo("active");
        assertThat(published).last().satisfies(s -> assertThat(s.active()).hasSize(1));
        assertThat(ok.body().path("rules").get(0).path("changed").asBoolean()).isTrue();
        JsonNode again = call("GET", base2 + "/api/rules/export", null).body();
        assertThat(again).isEqualTo(exported);

        // importing the same rules again (e.g. from the config file at every start) changes nothing
        Reply same = call("POST", base2 + "/api/rules/import", exported.toString());
        assertThat(same.body().path("rules").get(0).path("changed").asBoolean()).isFalse();
        assertThat(call("GET", base2 + "/api/rules/abandoned-browse/versions", null).body().path("versions")).hasSize(1);
        Reply changed = call("POST", base2 + "/api/rules/import", exported.toString().replace("PT2H", "PT4H"));
        assertThat(changed.body().path("rules").get(0).path("latestVersion").asInt()).isEqualTo(2);
    }

    @Test
    void a_dry_run_shows_what_would_fire_and_when() throws Exception {
        String base = start(dir);
        String request = """
                {"rule": %s,
                 "events":[{"type":"track","event":"Product Viewed","messageId":"v1","timestamp":"2026-11-23T10:00:00Z",
                            "properties":{"product_id":"a","name":"Boots"}},
                           {"type":"track","event":"Product Viewed","messageId":"v2","timestamp":"2026-11-23T10:05:00Z",
                            "properties":{"product_id":"b","name":"Hat"}},
                           {"type":"track","event":"Order Completed","messageId":"o1","timestamp":"2026-11-23T11:00:00Z",
                            "properties":{"product_id":"b"}}],
                 "endAt":"2026-11-23T18:00:00Z"}
                """.formatted(BROWSE);
        Reply r = call("POST", base + "/api/rules/dry-run", request);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().path("fires")).hasSize(1);
        JsonNode fire = r.body().path("fires").get(0);
        assertThat(fire.path("at").asText()).isEqualTo("2026-11-23T12:10:00Z");
        assertThat(fire.path("externalEvent").asText()).isEqualTo("abandoned_browse");
        assertThat(fire.path("payload").path("data").path("product").asText()).isEqualTo("Boots");
        assertThat(fire.path("payload").path("trigger_id").asText()).isEqualTo("abandoned-browse:1:a:v1");
        assertThat(r.body().path("trace").findValuesAsText("kind")).containsExactly("ENTERED", "ENTERED", "CANCELLED_BY_EVENT", "FIRED");
        assertThat(r.body().path("liveInstances")).isEmpty();
        assertThat(r.body().path("pendingTimers")).isEmpty();

        Reply stored = call("POST", base + "/api/rules/dry-run", "{\"ruleId\":\"nope\",\"events\":[]}");
        assertThat(stored.status()).isEqualTo(404);
        Reply bad = call("POST", base + "/api/rules/dry-run", "{\"events\":[{\"type\":\"track\",\"event\":\"A\"}],\"endAt\":\"later\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().path("problems").findValuesAsText("path")).containsExactlyInAnyOrder("rule", "events[0].timestamp", "endAt");
    }
}
