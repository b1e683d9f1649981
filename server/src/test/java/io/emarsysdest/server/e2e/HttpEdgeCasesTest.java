package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the service answers to requests that break HTTP or its limits before any route sees them: always the
 * documented JSON error shape, at once, and the key is checked before a body is refused for its size.
 */
class HttpEdgeCasesTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Far below Jetty's 30 s idle timeout: an answer that waits for the body does not come in time. */
    private static final int PROMPT_MILLIS = 5_000;
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

    private static RawHttp.Answer raw(String head, byte[] body) throws Exception {
        return RawHttp.send(server.app().port(), PROMPT_MILLIS, head, body);
    }

    private static String auth() {
        return "Authorization: " + TestServer.basic(TestServer.KEY + ":");
    }

    private static JsonNode errorShape(RawHttp.Answer a) throws Exception {
        assertThat(a.header("Content-Type")).startsWith("application/json");
        JsonNode body = JSON.readTree(a.body());
        assertThat(body.path("success").isBoolean()).isTrue();
        assertThat(body.path("success").asBoolean()).isFalse();
        assertThat(body.path("error").asText()).isNotEmpty();
        assertThat(body.path("message").asText()).isNotEmpty();
        assertThat(body.path("problems").isArray()).isTrue();
        return body;
    }

    @Test
    void aContentLengthOfTwoGigabytesIs413AtOnce() throws Exception {
        RawHttp.Answer a = raw("POST /v1/batch HTTP/1.1\nHost: x\n" + auth() + "\nContent-Type: application/json\nContent-Length: 2147483648",
                "{\"batch\":[".getBytes(StandardCharsets.UTF_8));
        assertThat(a.status()).isEqualTo(413);
        assertThat(errorShape(a).path("error").asText()).isEqualTo("request_too_large");
        assertThat(a.header("Connection")).isEqualTo("close");
    }

    @Test
    void anOversizedBodyWithAWrongOrMissingKeyIs401() throws Exception {
        RawHttp.Answer wrong = raw("POST /v1/batch HTTP/1.1\nHost: x\nAuthorization: " + TestServer.basic("nope:")
                + "\nContent-Length: 2147483648", new byte[0]);
        assertThat(wrong.status()).isEqualTo(401);
        assertThat(errorShape(wrong).path("error").asText()).isEqualTo("unauthorized");
        RawHttp.Answer none = raw("POST /v1/batch HTTP/1.1\nHost: x\nContent-Length: 99999999999", new byte[0]);
        assertThat(none.status()).isEqualTo(401);
    }

    @Test
    void aDeclaredBodyJustOverTheLimitIs413AndOneOfExactlyTheLimitIsStored() throws Exception {
        RawHttp.Answer over = raw("POST /v1/batch HTTP/1.1\nHost: x\n" + auth() + "\nContent-Length: " + (500 * 1024 + 1), new byte[0]);
        assertThat(over.status()).isEqualTo(413);
        assertThat(errorShape(over).path("message").asText()).contains("512001", "512000");

        // 20 items of about 25 KB (each under the 32 KB event limit); the last one padded to make exactly 500 KB
        String item = "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"Padded\",\"properties\":{\"x\":\"%s\"}}";
        StringBuilder body = new StringBuilder("{\"batch\":[");
        for (int i = 0; i < 19; i++) body.append(item.formatted("p".repeat(25_300))).append(',');
        int rest = 500 * 1024 - body.length() - "]}".length() - item.formatted("").length();
        String exact = body.append(item.formatted("p".repeat(rest))).append("]}").toString();
        assertThat(exact.length()).isEqualTo(500 * 1024);
        var r = server.postAuthed("/v1/batch", exact);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(JSON.readTree(r.body()).path("accepted").asInt()).isEqualTo(20);
    }

    @Test
    void aGzipBodyThatInflatesOverTheLimitIs413() {
        String big = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"properties\":{\"x\":\"" + "z".repeat(600 * 1024) + "\"}}]}";
        var r = server.postBytes("/v1/batch", TestServer.gzip(big), "Content-Encoding", "gzip", "Authorization", TestServer.basic(TestServer.KEY + ":"));
        assertThat(r.statusCode()).isEqualTo(413);
        assertThat(r.body()).contains("request_too_large");
    }

    @Test
    void invalidUtf8IsRefusedWithTheByteOffset() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        String before = "{\"batch\":[{\"type\":\"track\",\"userId\":\"victim";
        body.writeBytes(before.getBytes(StandardCharsets.UTF_8));
        body.write(0xC0);
        body.write(0xAF);
        body.writeBytes("\",\"event\":\"E\"}]}".getBytes(StandardCharsets.UTF_8));
        byte[] bytes = body.toByteArray();
        RawHttp.Answer a = raw("POST /v1/batch HTTP/1.1\nHost: x\n" + auth() + "\nContent-Type: application/json\nContent-Length: " + bytes.length, bytes);
        assertThat(a.status()).isEqualTo(400);
        JsonNode problem = errorShape(a).path("problems").get(0);
        assertThat(problem.path("code").asText()).isEqualTo("invalid_utf8");
        assertThat(problem.path("message").asText()).contains("0xC0 at offset " + before.length());
    }

    @Test
    void aMalformedContentLengthIsJson400() throws Exception {
        RawHttp.Answer a = raw("POST /v1/batch HTTP/1.1\nHost: x\n" + auth() + "\nContent-Length: 12abc", new byte[0]);
        assertThat(a.status()).isEqualTo(400);
        assertThat(errorShape(a).path("error").asText()).isEqualTo("bad_request");
    }

    @Test
    void aMalformedRequestLineIsJson400() throws Exception {
        RawHttp.Answer a = raw("GARBAGE\nHost: x", new byte[0]);
        assertThat(a.status()).isEqualTo(400);
        errorShape(a);
    }

    @Test
    void aTooLongUriIsJson414() throws Exception {
        RawHttp.Answer a = raw("GET /v1/" + "x".repeat(20_000) + " HTTP/1.1\nHost: x", new byte[0]);
        assertThat(a.status()).isEqualTo(414);
        assertThat(errorShape(a).path("error").asText()).isEqualTo("uri_too_long");
    }

    @Test
    void tooLargeHeadersAreJson431() throws Exception {
        RawHttp.Answer a = raw("GET /health/live HTTP/1.1\nHost: x\nX-Padding: " + "p".repeat(20_000), new byte[0]);
        assertThat(a.status()).isEqualTo(431);
        assertThat(errorShape(a).path("error").asText()).isEqualTo("headers_too_large");
    }

    @Test
    void unknownPathsAreJson404() throws Exception {
        for (String path : new String[]{"/nope", "/v1/nope", "/console/nope.js", "/api/nope", "/v1/batch"}) {
            RawHttp.Answer a = raw("GET " + path + " HTTP/1.1\nHost: x\nAuthorization: Bearer " + TestServer.ADMIN_KEY, new byte[0]);
            assertThat(a.status()).as(path).isIn(404, 405);
            assertThat(errorShape(a).path("error").asText()).as(path).isIn("not_found", "method_not_allowed");
        }
    }

    private static java.util.List<io.emarsysdest.core.event.Event> stored(String messageId) {
        return server.app().eventLog().readAfter(0, 100_000).stream().filter(e -> e.messageId().equals(messageId)).toList();
    }

    @Test
    void anExtremeTimestampRejectsItsItemAndTheGoodOneIsStored() throws Exception {
        String good = java.util.UUID.randomUUID().toString(), bad = java.util.UUID.randomUUID().toString();
        var r = server.postAuthed("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"messageId\":\"" + good + "\",\"userId\":\"u\",\"event\":\"E\"},"
                + "{\"type\":\"track\",\"messageId\":\"" + bad + "\",\"userId\":\"u\",\"event\":\"E\",\"originalTimestamp\":\"-999999999-01-01T00:00:00Z\"}]}");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rejected = JSON.readTree(r.body()).path("rejected").get(0);
        assertThat(rejected.path("index").asInt()).isEqualTo(1);
        assertThat(rejected.path("problems").get(0).path("code").asText()).isEqualTo("timestamp_out_of_range");
        assertThat(stored(good)).hasSize(1);
        assertThat(stored(bad)).isEmpty();

        String own = java.util.UUID.randomUUID().toString(), uses = java.util.UUID.randomUUID().toString();
        var batchSentAt = server.postAuthed("/v1/batch", "{\"sentAt\":\"+999999999-12-31T23:59:59Z\",\"batch\":["
                + "{\"type\":\"track\",\"messageId\":\"" + own + "\",\"userId\":\"u\",\"event\":\"E\",\"sentAt\":\"2026-01-01T00:00:00Z\"},"
                + "{\"type\":\"track\",\"messageId\":\"" + uses + "\",\"userId\":\"u\",\"event\":\"E\"}]}");
        assertThat(batchSentAt.statusCode()).as(batchSentAt.body()).isEqualTo(200);
        assertThat(stored(own)).hasSize(1);
        assertThat(stored(uses)).isEmpty();
        server.awaitProcessed();
        assertThat(server.get("/api/processing/failures").body()).doesNotContain(good, own);
    }

    @Test
    void anUnpairedSurrogateInAMessageIdIsRefusedAndCannotCollideWithAQuestionMark() throws Exception {
        String base = "victim-" + java.util.UUID.randomUUID();
        String plain = "{\"type\":\"track\",\"messageId\":\"" + base + "?\",\"userId\":\"u\",\"event\":\"E\"}";
        String lone = "{\"type\":\"track\",\"messageId\":\"" + base + "\\ud800\",\"userId\":\"u\",\"event\":\"E\"}";
        assertThat(server.postAuthed("/v1/batch", "{\"batch\":[" + plain + "]}").statusCode()).isEqualTo(200);
        for (int i = 0; i < 3; i++) {
            var r = server.postAuthed("/v1/batch", "{\"batch\":[" + lone + "]}");
            assertThat(r.statusCode()).isEqualTo(400);
            JsonNode problem = JSON.readTree(r.body()).path("problems").get(0);
            assertThat(problem.path("code").asText()).isEqualTo("invalid_unicode");
            assertThat(problem.path("path").asText()).isEqualTo("batch[0].messageId");
        }
        assertThat(stored(base + "?")).hasSize(1);
        server.awaitProcessed();
        assertThat(JSON.readTree(server.get("/api/processing/failures").body()).toString()).doesNotContain(base);
    }
}
