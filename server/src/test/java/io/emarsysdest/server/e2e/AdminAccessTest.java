package io.emarsysdest.server.e2e;

import io.emarsysdest.server.App;
import io.emarsysdest.server.api.AdminAuth;
import io.emarsysdest.server.config.Config;
import io.emarsysdest.server.config.ConfigException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Who may use /api and how (issue 17): the admin key as Bearer only, JSON changes, slowed guessing, security headers. */
class AdminAccessTest {
    @TempDir
    static Path dir;
    static TestServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("shared"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private HttpResponse<String> send(TestServer s, String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(s.baseUrl() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertNoBasicChallenge(HttpResponse<String> r) {
        assertThat(r.headers().allValues("WWW-Authenticate")).as("a browser must never be asked for Basic credentials")
                .noneMatch(v -> v.regionMatches(true, 0, "Basic", 0, 5));
    }

    @Test
    void theIngestWriteKeyOpensNothingUnderApi() throws Exception {
        HttpResponse<String> bearer = server.get("/api/rules", "Authorization", "Bearer " + TestServer.KEY);
        assertThat(bearer.statusCode()).isEqualTo(401);
        assertThat(bearer.body()).contains("ingest write key").contains("admin key");
        assertNoBasicChallenge(bearer);
        assertThat(bearer.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        assertThat(server.get("/api/rules", "Authorization", TestServer.basic(TestServer.KEY + ":")).statusCode()).isEqualTo(401);
        assertThat(server.get("/api/rules").statusCode()).as("the admin key as Bearer").isEqualTo(200);
    }

    @Test
    void apiTakesNoBasicCredentialsEvenWithTheAdminKey() throws Exception {
        HttpResponse<String> basic = server.get("/api/rules", "Authorization", TestServer.basic(TestServer.ADMIN_KEY + ":"));
        assertThat(basic.statusCode()).isEqualTo(401);
        assertThat(basic.body()).contains("HTTP Basic is not accepted");
        assertNoBasicChallenge(basic);
        HttpResponse<String> none = server.getWithoutKey("/api/rules");
        assertThat(none.statusCode()).isEqualTo(401);
        assertNoBasicChallenge(none);
    }

    @Test
    void changesTakeJsonBodiesOnly() throws Exception {
        String auth = "Bearer " + TestServer.ADMIN_KEY;
        String mapping = "{\"list\":{\"name\":\"VIP\"},\"enabled\":true}";
        for (String type : List.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x")) {
            HttpResponse<String> r = send(server, "PUT", "/api/audiences/media_check", mapping, "Authorization", auth, "Content-Type", type);
            assertThat(r.statusCode()).as(type).isEqualTo(415);
            assertThat(r.body()).contains("unsupported_media_type").contains("application/json");
        }
        assertThat(send(server, "POST", "/api/rules/dry-run", "{}", "Authorization", auth).statusCode())
                .as("a body without Content-Type").isEqualTo(415);
        assertThat(server.api("GET", "/api/audiences/media_check", null).statusCode()).as("nothing stored").isEqualTo(404);

        assertThat(send(server, "PUT", "/api/audiences/media_check", mapping, "Authorization", auth,
                "Content-Type", "application/json; charset=utf-8").statusCode()).isEqualTo(200);
        assertThat(send(server, "POST", "/api/dead-letters/424242/replay", null, "Authorization", auth).statusCode())
                .as("a change without a body needs no Content-Type").isEqualTo(404);
    }

    @Test
    void repeatedWrongKeysAreAnswered429WithRetryAfterAndEvenTheRightKeyWaits() throws Exception {
        try (TestServer own = TestServer.start(dir.resolve("throttled"))) {
            for (int i = 0; i < AdminAuth.MAX_FAILURES; i++) {
                assertThat(own.get("/api/rules", "Authorization", "Bearer wrong-key-" + i).statusCode()).as("attempt %d", i + 1).isEqualTo(401);
            }
            HttpResponse<String> held = own.get("/api/rules", "Authorization", "Bearer wrong-key-again");
            assertThat(held.statusCode()).isEqualTo(429);
            assertThat(held.body()).contains("too_many_failed_attempts");
            long retryAfter = Long.parseLong(held.headers().firstValue("Retry-After").orElseThrow());
            assertThat(retryAfter).isBetween(1L, AdminAuth.FAILURE_WINDOW.toSeconds());
            assertThat(own.get("/api/rules").statusCode()).as("no key is checked while held back").isEqualTo(429);
            assertThat(own.postAuthed("/v1/identify", "{\"userId\":\"u\",\"traits\":{}}").statusCode())
                    .as("ingest is not affected").isEqualTo(200);
        }
    }

    @Test
    void consolePagesAndApiAnswersCarrySecurityHeaders() throws Exception {
        for (String path : List.of("/console/", "/console/js/app.js", "/console/console.css", "/api/rules", "/")) {
            HttpResponse<String> r = send(server, "GET", path, null, "Authorization", "Bearer " + TestServer.ADMIN_KEY);
            assertThat(r.headers().firstValue("Content-Security-Policy")).as(path)
                    .hasValueSatisfying(csp -> assertThat(csp).contains("frame-ancestors 'none'").contains("script-src 'self'").doesNotContain("unsafe"));
            assertThat(r.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
            assertThat(r.headers().firstValue("X-Frame-Options")).as(path).contains("DENY");
            assertThat(r.headers().firstValue("Referrer-Policy")).as(path).contains("no-referrer");
        }
    }

    @Test
    void withoutAdminKeyOneIsGeneratedStoredAndPrintedNextToTheApiKey() throws Exception {
        Path data = dir.resolve("generated");
        Map<String, String> settings = Map.of("server.port", "0", "server.dataDir", data.toString());
        PrintStream out = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        String adminKey;
        System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try (App app = App.start(Config.load(Map.of(), null, settings), InstantSource.system())) {
            adminKey = Files.readString(data.resolve("admin-key")).trim();
            assertThat(adminKey).isNotEqualTo(app.apiKey()).hasSizeGreaterThan(20);
            assertThat(printed.toString(StandardCharsets.UTF_8)).contains(app.apiKey()).contains(adminKey);
            HttpResponse<String> r = send(app, "/api/rules", "Bearer " + adminKey);
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(send(app, "/api/rules", "Bearer " + app.apiKey()).statusCode()).isEqualTo(401);
        } finally {
            System.setOut(out);
        }
        assertThat(Files.getPosixFilePermissions(data.resolve("admin-key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");
        try (App again = App.start(Config.load(Map.of(), null, settings), InstantSource.system())) {
            assertThat(send(again, "/api/rules", "Bearer " + adminKey).statusCode()).as("the stored key is kept").isEqualTo(200);
        }
    }

    @Test
    void anAdminKeyEqualToTheApiKeyIsRefusedAtStart() {
        Map<String, String> settings = Map.of("server.port", "0", "server.dataDir", dir.resolve("same").toString(),
                "server.apiKey", "same-key-123", "server.adminKey", "same-key-123");
        assertThatThrownBy(() -> App.start(Config.load(Map.of(), null, settings), InstantSource.system()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("server.adminKey").hasMessageContaining("must differ from the API key");
    }

    private HttpResponse<String> send(App app, String path, String authorization) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
