package io.emarsysdest.server.e2e;

import io.emarsysdest.core.event.Event;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The promise of a 200: a separate service process is killed with SIGKILL while clients are sending; after a
 * restart every acknowledged event is in the log exactly once, and client retries do not duplicate anything.
 */
class CrashDurabilityTest {
    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedEventSurvivesSigkillExactlyOnce() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), "io.emarsysdest.server.Main",
                "--port", Integer.toString(port), "--data-dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("service.log").toFile());
        pb.environment().put("API_KEY", TestServer.KEY);
        Process service = pb.start();
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        String base = "http://localhost:" + port;
        awaitLive(http, base);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        Map<Integer, String> bodies = new ConcurrentHashMap<>();
        AtomicBoolean sending = new AtomicBoolean(true);
        List<Future<?>> clients = new ArrayList<>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < 8; c++) {
                int client = c;
                clients.add(pool.submit(() -> {
                    for (int b = 0; sending.get(); b++) {
                        List<String> ids = new ArrayList<>();
                        StringBuilder body = new StringBuilder("{\"writeKey\":\"" + TestServer.KEY + "\",\"batch\":[");
                        for (int i = 0; i < 50; i++) {
                            String id = "c" + client + "-b" + b + "-e" + i;
                            ids.add(id);
                            body.append(i == 0 ? "" : ",").append("{\"type\":\"track\",\"messageId\":\"").append(id)
                                    .append("\",\"userId\":\"user-").append(i).append("\",\"event\":\"Durable\"}");
                        }
                        body.append("]}");
                        bodies.put(client * 1_000_000 + b, body.toString());
                        try {
                            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/batch"))
                                    .timeout(Duration.ofSeconds(5)).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 200) acknowledged.addAll(ids);
                        } catch (Exception e) {
                            return; // the service is gone
                        }
                    }
                }));
            }
            // Kill as soon as plenty has been acknowledged, while requests are still in flight.
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (acknowledged.size() < 20_000 && System.nanoTime() < deadline) Thread.sleep(5);
            service.destroyForcibly(); // SIGKILL: no shutdown hook, no flush
            service.waitFor();
            sending.set(false);
            for (Future<?> f : clients) f.get();
        }
        assertThat(acknowledged.size()).isGreaterThanOrEqualTo(20_000);

        try (TestServer restarted = TestServer.start(dir)) {
            List<Event> all = restarted.app().eventLog().readAfter(0, 10_000_000);
            Map<String, Integer> counts = new HashMap<>();
            for (Event e : all) counts.merge(e.messageId(), 1, Integer::sum);
            assertThat(acknowledged).allMatch(counts::containsKey);
            assertThat(counts.values()).allMatch(n -> n == 1);

            // Clients retry whatever they sent; nothing is stored twice.
            long head = restarted.app().eventLog().headOffset();
            for (String body : bodies.values()) {
                assertThat(restarted.post("/v1/batch", body).statusCode()).isEqualTo(200);
            }
            long newlyStored = restarted.app().eventLog().headOffset() - head;
            assertThat(newlyStored).isEqualTo((long) bodies.size() * 50 - all.size());
            restarted.awaitProcessed();
        }
    }

    private static void awaitLive(HttpClient http, String base) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (Exception e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the service did not start; see service.log in " + base + File.separator);
    }
}
