package io.emarsysdest.server.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** SIGTERM: the service stops taking requests, finishes processing what it has, and exits by itself. */
class GracefulStopTest {
    @TempDir
    Path dir;

    @Test
    void sigtermDrainsProcessingAndStopsCleanly() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Path log = dir.resolve("service.log");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "io.emarsysdest.server.Main", "--port", Integer.toString(port), "--data-dir", dir.toString())
                .redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("API_KEY", TestServer.KEY);
        Process service = pb.start();
        HttpClient http = HttpClient.newHttpClient();
        String base = "http://localhost:" + port;
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            try {
                if (http.send(HttpRequest.newBuilder(URI.create(base + "/health/live")).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) break;
            } catch (Exception e) {
                assertThat(System.nanoTime()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
        for (int i = 0; i < 20; i++) {
            StringBuilder batch = new StringBuilder("{\"batch\":[");
            for (int j = 0; j < 100; j++) batch.append(j == 0 ? "" : ",").append("{\"type\":\"page\",\"anonymousId\":\"a").append(j).append("\"}");
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/v1/batch"))
                    .header("Authorization", TestServer.basic(TestServer.KEY + ":"))
                    .POST(HttpRequest.BodyPublishers.ofString(batch.append("]}").toString())).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
        }

        service.destroy(); // SIGTERM
        assertThat(service.waitFor(60, TimeUnit.SECONDS)).as("the service exits by itself").isTrue();
        assertThat(Files.readString(log)).contains("emarsys-destination stopped");

        try (TestServer restarted = TestServer.start(dir)) {
            assertThat(restarted.app().eventLog().headOffset()).isEqualTo(2000);
            restarted.awaitProcessed();
        }
    }
}
