package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.event.Event;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The Tracking API over real HTTP: every endpoint, both ways of authenticating, and every 4xx answer. */
class TrackingApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    private static String id() {
        return UUID.randomUUID().toString();
    }

    private static List<Event> stored(String messageId) {
        return server.app().eventLog().readAfter(0, 100_000).stream().filter(e -> e.messageId().equals(messageId)).toList();
    }

    @ParameterizedTest
    @ValueSource(strings = {"identify", "track", "page", "screen", "group", "alias"})
    void everySingleCallEndpointStoresItsEvent(String type) throws Exception {
        String m = id();
        String body = "{\"messageId\":\"" + m + "\",\"userId\":\"u-1\",\"anonymousId\":\"a-1\",\"event\":\"Clicked\","
                + "\"groupId\":\"g-1\",\"previousId\":\"a-0\",\"traits\":{\"email\":\"ann@example.com\"}}";
        HttpResponse<String> r = server.postAuthed("/v1/" + type, body);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(json(r).path("success").asBoolean()).isTrue();
        assertThat(stored(m)).singleElement().satisfies(e -> assertThat(e.type().wireName()).isEqualTo(type));
    }

    @Test
    void batchAndImportAcceptEveryTypeAndImportTakesTheTrailingSlashOfAnalyticsJava() throws Exception {
        for (String path : List.of("/v1/batch", "/v1/import", "/v1/import/")) {
            String a = id(), b = id();
            HttpResponse<String> r = server.post(path, "{\"writeKey\":\"" + TestServer.KEY + "\",\"batch\":["
                    + "{\"type\":\"identify\",\"messageId\":\"" + a + "\",\"userId\":\"u\",\"traits\":{\"email\":\"x@y.z\"}},"
                    + "{\"type\":\"screen\",\"messageId\":\"" + b + "\",\"anonymousId\":\"a\",\"name\":\"Cart\"}]}");
            assertThat(r.statusCode()).as(path).isEqualTo(200);
            assertThat(json(r).path("accepted").asInt()).isEqualTo(2);
            assertThat(stored(a)).hasSize(1);
            assertThat(stored(b)).hasSize(1);
        }
    }

    @Test
    void acceptsGzipBodies() throws Exception {
        String m = id();
        HttpResponse<String> r = server.postBytes("/v1/batch", TestServer.gzip("{\"batch\":[{\"type\":\"track\",\"messageId\":\"" + m
                + "\",\"userId\":\"u\",\"event\":\"Zipped\"}]}"), "Content-Encoding", "gzip", "Authorization", TestServer.basic(TestServer.KEY + ":"));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(stored(m)).hasSize(1);
    }

    @Test
    void acceptsTheLegacyBasicFormWithoutColon() {
        HttpResponse<String> r = server.post("/v1/track", "{\"userId\":\"u\",\"event\":\"E\"}", "Authorization", TestServer.basic(TestServer.KEY));
        assertThat(r.statusCode()).isEqualTo(200);
    }

    @Test
    void aMissingOrWrongKeyIs401AndStoresNothing() throws Exception {
        String m = id();
        HttpResponse<String> none = server.post("/v1/track", "{\"messageId\":\"" + m + "\",\"userId\":\"u\",\"event\":\"E\"}");
        assertThat(none.statusCode()).isEqualTo(401);
        assertThat(json(none).path("error").asText()).isEqualTo("unauthorized");
        assertThat(none.headers().firstValue("WWW-Authenticate")).isPresent();

        HttpResponse<String> wrongHeader = server.post("/v1/track", "{\"messageId\":\"" + m + "\",\"userId\":\"u\",\"event\":\"E\"}",
                "Authorization", TestServer.basic("nope:"));
        assertThat(wrongHeader.statusCode()).isEqualTo(401);
        HttpResponse<String> wrongBody = server.post("/v1/batch", "{\"writeKey\":\"nope\",\"batch\":[{\"type\":\"track\",\"messageId\":\"" + m
                + "\",\"userId\":\"u\",\"event\":\"E\"}]}");
        assertThat(wrongBody.statusCode()).isEqualTo(401);
        assertThat(json(wrongBody).path("message").asText()).contains("not valid");
        HttpResponse<String> garbageNoKey = server.post("/v1/batch", "{not json");
        assertThat(garbageNoKey.statusCode()).isEqualTo(401);
        assertThat(stored(m)).isEmpty();
    }

    @Test
    void aRetriedMessageIdIsStoredOnceAndTheAnswerSaysSo() throws Exception {
        String m = id();
        String body = "{\"batch\":[{\"type\":\"track\",\"messageId\":\"" + m + "\",\"userId\":\"u\",\"event\":\"Once\"}]}";
        assertThat(json(server.postAuthed("/v1/batch", body)).path("accepted").asInt()).isEqualTo(1);
        JsonNode second = json(server.postAuthed("/v1/batch", body));
        assertThat(second.path("success").asBoolean()).isTrue();
        assertThat(second.path("accepted").asInt()).isZero();
        assertThat(second.path("duplicates").asInt()).isEqualTo(1);
        assertThat(stored(m)).hasSize(1);
    }

    @Test
    void aMixedBatchStoresTheGoodEventsAndListsTheRejectedOnes() throws Exception {
        String good = id();
        HttpResponse<String> r = server.postAuthed("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"messageId\":\"" + good
                + "\",\"userId\":\"u\",\"event\":\"Good\"},{\"type\":\"track\",\"event\":\"No ids\"}]}");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = json(r);
        assertThat(body.path("accepted").asInt()).isEqualTo(1);
        assertThat(body.path("rejected").get(0).path("index").asInt()).isEqualTo(1);
        assertThat(body.path("rejected").get(0).path("problems").get(0).path("code").asText()).isEqualTo("no_user_anon_id");
        assertThat(stored(good)).hasSize(1);
        // operators can see what was rejected and why
        assertThat(server.getWithoutKey("/api/ingest/rejected").statusCode()).isEqualTo(401);
        JsonNode rejected = json(server.get("/api/ingest/rejected"));
        assertThat(rejected.path("items").toString()).contains("no_user_anon_id");
    }

    record BadCase(String name, String path, String body, String code, String where) {
    }

    static List<BadCase> badCases() {
        String bigEvent = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Big\",\"properties\":{\"x\":\"" + "x".repeat(33 * 1024) + "\"}}";
        return List.of(
                new BadCase("malformed JSON", "/v1/batch", "{\"batch\":[{\"type\":\"track\",]}", "invalid_json", ""),
                new BadCase("wrong types", "/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":[1],\"event\":\"E\"}]}", "wrong_type", "batch[0].userId"),
                new BadCase("missing type", "/v1/batch", "{\"batch\":[{\"userId\":\"u\"}]}", "missing_type", "batch[0].type"),
                new BadCase("missing ids", "/v1/track", "{\"event\":\"E\"}", "no_user_anon_id", "userId"),
                new BadCase("unknown type", "/v1/batch", "{\"batch\":[{\"type\":\"purchase\",\"userId\":\"u\"}]}", "unknown_type", "batch[0].type"),
                new BadCase("event over 32 KB", "/v1/batch", "{\"batch\":[" + bigEvent + "]}", "event_too_large", "batch[0]"));
    }

    @Test
    void everyUnusableRequestIs400WithEveryProblemNamed() throws Exception {
        for (BadCase c : badCases()) {
            HttpResponse<String> r = server.postAuthed(c.path(), c.body());
            assertThat(r.statusCode()).as(c.name()).isEqualTo(400);
            JsonNode body = json(r);
            assertThat(body.path("success").asBoolean(true)).as(c.name()).isFalse();
            assertThat(body.path("problems").get(0).path("code").asText()).as(c.name()).isEqualTo(c.code());
            assertThat(body.path("problems").get(0).path("path").asText()).as(c.name()).isEqualTo(c.where());
        }
    }

    @Test
    void aBatchOver500KbIs413() throws Exception {
        String bigBatch = "{\"batch\":[" + String.join(",", java.util.Collections.nCopies(20,
                "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"x\":\"" + "y".repeat(30 * 1024) + "\"}}")) + "]}";
        HttpResponse<String> r = server.postAuthed("/v1/batch", bigBatch);
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(json(r).path("problems").get(0).path("code").asText()).isEqualTo("request_too_large");
    }

    @Test
    void aBadGzipBodyIs400() {
        HttpResponse<String> r = server.postBytes("/v1/batch", "not gzip".getBytes(), "Content-Encoding", "gzip",
                "Authorization", TestServer.basic(TestServer.KEY + ":"));
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.body()).contains("invalid_encoding");
    }

    @Test
    void theSettingsInUseAreShownWithTheirSourceAndSecretsMasked() throws Exception {
        HttpResponse<String> r = server.api("GET", "/api/settings", null);
        assertThat(r.statusCode()).isEqualTo(200);
        java.util.Map<String, JsonNode> byKey = new java.util.HashMap<>();
        for (JsonNode s : json(r).get("settings")) byKey.put(s.get("key").asText(), s);
        assertThat(byKey.get("server.apiKey").get("value").asText()).isEqualTo("***");
        assertThat(byKey.get("processing.linger").get("value").asText()).isEqualTo("50ms");
        assertThat(byKey.get("processing.linger").get("source").asText()).isEqualTo("default");
        assertThat(byKey.get("processing.linger").get("description").asText()).isNotBlank();
        assertThat(byKey.get("server.dataDir").get("source").asText()).isEqualTo("command line");
        assertThat(server.getWithoutKey("/api/settings").statusCode()).as("needs the admin key").isEqualTo(401);
    }

    @Test
    void healthAndMetricsAnswer() throws Exception {
        server.postAuthed("/v1/track", "{\"userId\":\"u\",\"event\":\"E\"}");
        server.awaitProcessed();
        HttpResponse<String> health = server.get("/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(json(health).path("checks").path("eventLog").asText()).isEqualTo("up");
        assertThat(server.get("/health/live").statusCode()).isEqualTo(200);
        String metrics = server.get("/metrics").body();
        assertThat(metrics).contains("ingest_events_received_total", "ingest_events_accepted_total",
                "ingest_events_rejected_total{reason=", "processor_lag_seconds", "processor_events_total",
                "event_log_unindexed_events");
        assertThat(metrics).containsPattern("(?m)^event_log_head_offset [1-9]");
    }
}
