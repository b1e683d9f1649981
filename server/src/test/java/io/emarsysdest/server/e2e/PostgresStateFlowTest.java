package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.testkit.PostgresTestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/** The same service with its state on PostgreSQL (STATE_DATABASE_URL): stitching, contacts and rules work alike. */
class PostgresStateFlowTest {
    @TempDir
    Path dir;

    private static void await(BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("timed out").isLessThan(deadline);
            Thread.sleep(25);
        }
    }

    @Test
    void theFlowRunsOnAPostgresStateDatabase() throws Exception {
        try (TestServer server = TestServer.start(dir, Map.of("state.url", PostgresTestDatabase.create()))) {
            EmarsysSandbox sandbox = server.app().emarsys().sandbox();
            assertThat(server.api("PUT", "/api/rules/pg-welcome", """
                    {"id":"pg-welcome","entry":{"event":{"type":"track","name":"Signed Up"}},
                     "action":{"externalEvent":"welcome","data":{}}}""").statusCode()).isBetween(200, 201);
            assertThat(server.api("POST", "/api/rules/pg-welcome/publish", null).statusCode()).isEqualTo(200);

            assertThat(server.postAuthed("/v1/page", "{\"anonymousId\":\"pg-anon\",\"name\":\"Home\"}").statusCode()).isEqualTo(200);
            assertThat(server.postAuthed("/v1/identify", "{\"anonymousId\":\"pg-anon\",\"userId\":\"pg-u\",\"traits\":{\"email\":\"pg@example.com\",\"firstName\":\"Pia\"}}").statusCode()).isEqualTo(200);
            assertThat(server.postAuthed("/v1/track", "{\"userId\":\"pg-u\",\"event\":\"Signed Up\"}").statusCode()).isEqualTo(200);

            await(() -> !sandbox.findContacts("3", "pg@example.com").isEmpty());
            await(() -> sandbox.triggers().stream().anyMatch(t -> t.externalId().equals("pg@example.com")));
            server.awaitProcessed();
            ObjectMapper json = new ObjectMapper();
            long byAnon = json.readTree(server.get("/api/persons?anonymousId=pg-anon").body()).path("id").asLong();
            long byUser = json.readTree(server.get("/api/persons?userId=pg-u").body()).path("id").asLong();
            assertThat(byAnon).isPositive().isEqualTo(byUser);
        }
    }
}
