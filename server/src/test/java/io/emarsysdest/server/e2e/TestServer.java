package io.emarsysdest.server.e2e;

import io.emarsysdest.server.App;
import io.emarsysdest.server.config.Config;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

/** The real service on a random port over a temporary data folder, with a small HTTP client for tests. */
public final class TestServer implements AutoCloseable {
    /** The API key: the ingest write key of Segment clients. */
    public static final String KEY = "test-key-123456";
    /** The admin key for /api and the console (it must differ from the API key). */
    public static final String ADMIN_KEY = "test-admin-key-654321";
    private final App app;
    private final HttpClient http = HttpClient.newHttpClient();

    private TestServer(App app) {
        this.app = app;
    }

    public static TestServer start(Path dataDir, Map<String, String> settings) {
        Map<String, String> all = new HashMap<>();
        all.put("server.port", "0");
        all.put("server.dataDir", dataDir.toString());
        all.put("server.apiKey", KEY);
        all.put("server.adminKey", ADMIN_KEY);
        all.putAll(settings);
        return new TestServer(App.start(Config.load(Map.of(), null, all), InstantSource.system()));
    }

    public static TestServer start(Path dataDir) {
        return start(dataDir, Map.of());
    }

    public App app() {
        return app;
    }

    public String baseUrl() {
        return "http://localhost:" + app.port();
    }

    public HttpResponse<String> post(String path, String body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofString(body)), headers);
    }

    public HttpResponse<String> postBytes(String path, byte[] body, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).POST(HttpRequest.BodyPublishers.ofByteArray(body)), headers);
    }

    /** GET with the admin key. */
    public HttpResponse<String> get(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET(), "Authorization", "Bearer " + ADMIN_KEY);
    }

    /** GET with any headers (e.g. another Authorization). */
    public HttpResponse<String> get(String path, String... headers) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET(), headers);
    }

    public HttpResponse<String> getWithoutKey(String path) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).GET());
    }

    /** Any method on the /api with the admin key. */
    public HttpResponse<String> api(String method, String path, String body) {
        return send(HttpRequest.newBuilder(URI.create(baseUrl() + path)).method(method, body == null
                ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body)),
                "Authorization", "Bearer " + ADMIN_KEY, "Content-Type", "application/json");
    }

    /** POST with the test key as Basic auth user name, as analytics-node does. */
    public HttpResponse<String> postAuthed(String path, String body) {
        return post(path, body, "Authorization", basic(KEY + ":"), "Content-Type", "application/json");
    }

    public static String basic(String userColonPassword) {
        return "Basic " + Base64.getEncoder().encodeToString(userColonPassword.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] gzip(String s) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(s.getBytes(StandardCharsets.UTF_8));
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder b, String... headers) {
        for (int i = 0; i < headers.length; i += 2) b.header(headers[i], headers[i + 1]);
        try {
            return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Polls {@code probe} until {@code done} accepts its value (at most 20 s) and returns that value. On time-out it
     * fails with the last value and what delivery shows (dead letters, status, the embedded sandbox's last requests),
     * which is where the reason usually is.
     */
    public <T> T eventually(java.util.function.Supplier<T> probe, java.util.function.Predicate<T> done) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        T last = probe.get();
        while (!done.test(last)) {
            if (System.nanoTime() > deadline) {
                var sandbox = app.emarsys().sandbox();
                throw new AssertionError("timed out; last seen: " + last + "\ndead letters: " + get("/api/dead-letters").body()
                        + "\ndelivery: " + get("/api/delivery/status").body()
                        + (sandbox == null ? "" : "\nsandbox lists: " + sandbox.lists() + "\nsandbox requests: " + sandbox.requests().stream()
                        .map(r -> r.toString().substring(0, Math.min(300, r.toString().length()))).toList()));
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            last = probe.get();
        }
        return last;
    }

    /** Waits until the processor has applied everything in the log. */
    public void awaitProcessed() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (app.processor().cursor() < app.eventLog().headOffset()) {
            if (System.nanoTime() > deadline) throw new AssertionError("processing did not catch up");
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Waits until the outbox holds nothing pending: every item produced so far was delivered or dead-lettered. */
    public void awaitDeliveryIdle() {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (app.outbox().stats(java.time.Instant.now()).pending() > 0) {
            if (System.nanoTime() > deadline) throw new AssertionError("delivery did not settle: " + app.outbox().stats(java.time.Instant.now()));
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public void close() {
        app.close();
    }
}
