package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.datamap.AudienceSettings;
import io.emarsysdest.core.datamap.DataMapTransactions;
import io.emarsysdest.core.datamap.InMemoryDataMapRepository;
import io.emarsysdest.core.datamap.StandardFields;
import io.emarsysdest.server.datamap.DataMapService;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;

class DataMapApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String IDENTIFY = """
            {"event":{"type":"identify","userId":"u-1","traits":{"email":"ann@example.com","firstName":"Ann","nickname":"Annie","vip":true}},
             "personTraits":{"plan":"pro"}}""";

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Javalin app;
    DataMapService service;

    record Reply(int status, JsonNode body) {
    }

    static DataMapService newService() {
        return new DataMapService(DataMapTransactions.inMemory(new InMemoryDataMapRepository()), StandardFields::catalog,
                AudienceSettings.DEFAULT, InstantSource.fixed(Instant.parse("2026-11-23T10:00:00Z")), new SimpleMeterRegistry());
    }

    @BeforeEach
    void start() {
        service = newService();
        app = Javalin.create();
        new DataMapApi(service).register(app);
        app.start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    Reply call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path));
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        return new Reply(r.statusCode(), r.body().isEmpty() ? null : JSON.readTree(r.body()));
    }

    @Test
    void the_built_in_default_map_is_listed_and_running_with_no_configuration() throws Exception {
        Reply list = call("GET", "/api/datamaps", null);
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body().get(0).get("id").asText()).isEqualTo("default");
        assertThat(list.body().get(0).get("builtIn").asBoolean()).isTrue();

        Reply preview = call("POST", "/api/datamaps/preview", IDENTIFY);
        assertThat(preview.status()).isEqualTo(200);
        assertThat(preview.body().get("fields")).isEqualTo(JSON.readTree("{\"1\":\"Ann\",\"3\":\"ann@example.com\"}"));
        assertThat(preview.body().get("operations").get(0).get("op").asText()).isEqualTo("CONTACT_UPSERT");

        Reply get = call("GET", "/api/datamaps/default", null);
        assertThat(get.body().get("definition").get("mappings").size()).isGreaterThan(10);
    }

    @Test
    void saving_an_invalid_map_answers_400_with_every_problem() throws Exception {
        Reply r = call("PUT", "/api/datamaps/crm", """
                {"mappings":[{"from":"trait.nickname","to":"First Name"},{"from":"traits.x","to":"Frist Name"},{"value":"Klingon","to":"35"}]}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.body().get("error").asText()).isEqualTo("invalid");
        assertThat(r.body().get("problems")).extracting(p -> p.get("path").asText())
                .containsExactly("mappings[0].from", "mappings[1].to", "mappings[2].value");
        assertThat(call("GET", "/api/datamaps/crm", null).status()).isEqualTo(404);
    }

    @Test
    void draft_publish_and_the_running_maps_change_only_on_publish() throws Exception {
        Reply saved = call("PUT", "/api/datamaps/crm", """
                {"mappings":[{"from":"traits.nickname","to":"First Name"},{"from":"person.traits.plan","to":"Company"}]}""");
        assertThat(saved.status()).isEqualTo(200);
        assertThat(saved.body().get("version").asInt()).isEqualTo(1);
        assertThat(saved.body().get("status").asText()).isEqualTo("draft");

        assertThat(call("POST", "/api/datamaps/preview", IDENTIFY).body().get("fields").get("1").asText()).isEqualTo("Ann");
        Reply draftPreview = call("POST", "/api/datamaps/crm/preview?version=1", IDENTIFY);
        assertThat(draftPreview.body().get("fields")).isEqualTo(JSON.readTree("{\"1\":\"Annie\",\"18\":\"pro\"}"));
        assertThat(draftPreview.body().get("keyValue").isNull()).isTrue();

        Reply published = call("POST", "/api/datamaps/crm/versions/1/publish", null);
        assertThat(published.status()).isEqualTo(200);
        assertThat(published.body().get("current").asBoolean()).isTrue();
        assertThat(call("POST", "/api/datamaps/preview", IDENTIFY).body().get("fields").get("1").asText()).isEqualTo("Annie");

        Reply next = call("PUT", "/api/datamaps/crm", "{\"id\":\"crm\",\"mappings\":[{\"from\":\"traits.firstName\",\"to\":\"1\"}]}");
        assertThat(next.body().get("version").asInt()).isEqualTo(2);
        Reply history = call("GET", "/api/datamaps/crm/versions", null);
        assertThat(history.body()).extracting(v -> v.get("status").asText()).containsExactly("published", "draft");
        assertThat(call("GET", "/api/datamaps/crm/versions/1", null).body().get("definition").get("mappings").get(0).get("from").asText())
                .isEqualTo("traits.nickname");

        assertThat(call("POST", "/api/datamaps/crm/unpublish", null).status()).isEqualTo(200);
        assertThat(call("POST", "/api/datamaps/preview", IDENTIFY).body().get("fields").get("1").asText()).isEqualTo("Ann");
    }

    @Test
    void mistakes_in_requests_get_the_right_status() throws Exception {
        assertThat(call("PUT", "/api/datamaps/crm", "{not json").body().get("error").asText()).isEqualTo("invalid_json");
        assertThat(call("PUT", "/api/datamaps/crm", "{\"id\":\"other\",\"mappings\":[]}").body().get("problems").get(0).get("code").asText())
                .isEqualTo("id_mismatch");
        assertThat(call("POST", "/api/datamaps/crm/versions/1/publish", null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/datamaps/default/versions/x", null).status()).isEqualTo(400);
        Reply badEvent = call("POST", "/api/datamaps/preview", "{\"event\":{\"type\":\"purchase\"}}");
        assertThat(badEvent.status()).isEqualTo(400);
        assertThat(badEvent.body().get("problems").get(0).get("path").asText()).isEqualTo("event.type");
    }

    @Test
    void a_bare_track_event_can_be_previewed() throws Exception {
        Reply r = call("POST", "/api/datamaps/preview", """
                {"type":"track","event":"Order Completed","userId":"u","properties":{"revenue":1},
                 "context":{"traits":{"email":"ann@example.com","firstName":"Ann"}}}""");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("fields")).isEqualTo(JSON.readTree("{\"1\":\"Ann\",\"3\":\"ann@example.com\"}"));
    }

    @Test
    void validate_reports_problems_without_saving() throws Exception {
        Reply r = call("POST", "/api/datamaps/validate", "{\"id\":\"x\",\"mappings\":[{\"from\":\"traits.a\",\"to\":\"Interests\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("valid").asBoolean()).isFalse();
        assertThat(r.body().get("problems").get(0).get("code").asText()).isEqualTo("read_only_field");
        assertThat(call("GET", "/api/datamaps/x", null).status()).isEqualTo(404);
    }

    @Test
    void audience_mappings_crud_and_their_effect_on_previews() throws Exception {
        String engage = """
                {"event":{"type":"identify","userId":"u-1","traits":{"email":"ann@example.com","vip":true},
                 "context":{"personas":{"computation_class":"audience","computation_key":"vip"}}}}""";
        assertThat(call("POST", "/api/datamaps/preview", engage).body().get("lists").get(0).get("target").asText()).isEqualTo("name:vip");

        Reply put = call("PUT", "/api/audiences/vip", "{\"list\":{\"id\":\"7001\"}}");
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body().get("target").asText()).isEqualTo("7001");
        assertThat(call("GET", "/api/audiences", null).body()).hasSize(1);
        JsonNode ops = call("POST", "/api/datamaps/preview", engage).body().get("operations");
        assertThat(ops).extracting(o -> o.get("op").asText() + " " + o.path("target").asText(""))
                .containsExactly("CONTACT_UPSERT ", "LIST_ADD 7001");

        assertThat(call("PUT", "/api/audiences/vip", "{\"list\":{\"id\":\"abc\"}}").status()).isEqualTo(400);
        assertThat(call("DELETE", "/api/audiences/vip", null).status()).isEqualTo(200);
        assertThat(call("DELETE", "/api/audiences/vip", null).status()).isEqualTo(404);
        assertThat(call("GET", "/api/audiences/vip", null).status()).isEqualTo(404);
    }

    @Test
    void export_then_import_into_another_instance_gives_the_same_configuration() throws Exception {
        call("PUT", "/api/datamaps/crm", "{\"mappings\":[{\"from\":\"traits.nickname\",\"to\":\"1\"}]}");
        call("POST", "/api/datamaps/crm/versions/1/publish", null);
        call("PUT", "/api/audiences/vip", "{\"list\":{\"name\":\"VIP customers\"}}");
        JsonNode exported = call("GET", "/api/datamaps/export", null).body();
        assertThat(exported.get("format").asText()).isEqualTo("emarsys-destination/datamaps");

        stop();
        start();
        Reply bad = call("POST", "/api/datamaps/import", "{\"maps\":[{\"id\":\"m\",\"mappings\":[{\"from\":\"traits.a\",\"to\":\"Nope\"}]}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.body().get("problems").get(0).get("path").asText()).isEqualTo("maps[0].mappings[0].to");

        Reply imported = call("POST", "/api/datamaps/import", exported.toString());
        assertThat(imported.status()).isEqualTo(200);
        assertThat(call("GET", "/api/datamaps/export", null).body()).isEqualTo(exported);
        assertThat(call("POST", "/api/datamaps/preview", IDENTIFY).body().get("fields").get("1").asText()).isEqualTo("Annie");
    }

    @Test
    void the_field_catalog_is_browsable() throws Exception {
        JsonNode fields = call("GET", "/api/datamaps/fields", null).body();
        JsonNode gender = null;
        for (JsonNode f : fields) if (f.get("id").asText().equals("5")) gender = f;
        assertThat(gender).isNotNull();
        assertThat(gender.get("type").asText()).isEqualTo("singlechoice");
        assertThat(gender.get("choices").get("2").asText()).isEqualTo("Female");
    }
}
