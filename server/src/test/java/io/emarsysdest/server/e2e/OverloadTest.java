package io.emarsysdest.server.e2e;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OverloadTest {
    @TempDir
    Path dir;

    @Test
    void aSaturatedLogAnswers429WithRetryAfterAndStoresNothing() {
        try (TestServer server = TestServer.start(dir, Map.of("ingest.maxQueuedEvents", "1"))) {
            HttpResponse<String> r = server.postAuthed("/v1/batch", "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"A\"},"
                    + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"B\"}]}");
            assertThat(r.statusCode()).isEqualTo(429);
            assertThat(r.headers().firstValue("Retry-After")).contains("1");
            assertThat(server.app().eventLog().headOffset()).isZero();
        }
    }

    @Test
    void aStoreThatCannotWriteAnswers503() {
        try (TestServer server = TestServer.start(dir)) {
            server.app().eventLog().close(); // the store goes away under the running server
            HttpResponse<String> r = server.postAuthed("/v1/track", "{\"userId\":\"u\",\"event\":\"A\"}");
            assertThat(r.statusCode()).isEqualTo(503);
            assertThat(r.headers().firstValue("Retry-After")).isPresent();
            assertThat(server.get("/health").statusCode()).isEqualTo(503);
        }
    }
}
