package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.log.EventCodec;
import io.emarsysdest.server.processing.EventPipeline;
import io.emarsysdest.server.processing.EventProcessor;
import io.emarsysdest.store.StateDatabase;
import io.emarsysdest.store.eventlog.SqliteEventLog;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** An event that fails alone is skipped and kept with its error; an operator retries or dismisses it over HTTP. */
class ProcessingFailuresApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    @TempDir
    Path dir;
    /** Message ids the pipeline refuses, as a bug or a bad configuration would. */
    private final Set<String> poison = ConcurrentHashMap.newKeySet();
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newHttpClient();
    private SqliteEventLog log;
    private StateDatabase state;
    private EventProcessor processor;
    private Javalin app;

    @BeforeEach
    void start() throws Exception {
        log = SqliteEventLog.open(dir.resolve("events.db"), 10_000);
        state = StateDatabase.openSqlite(dir.resolve("state.db"));
        EventPipeline pipeline = (Connection tx, List<Event> events) -> {
            for (Event e : events) if (poison.contains(e.messageId())) throw new IllegalStateException("cannot map " + e.messageId());
            for (Event e : events) applied.add(e.messageId());
        };
        processor = new EventProcessor(log, state.dataSource(), pipeline, 100, Clock.systemUTC(), new SimpleMeterRegistry()).start();
        app = Javalin.create();
        new ProcessingFailuresApi(state.dataSource(), log, processor, pipeline, Clock.systemUTC()).register(app);
        app.start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
        processor.close();
        state.close();
        log.close();
    }

    private static Event track(String messageId) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("{\"type\":\"track\",\"userId\":\"u1\",\"event\":\"Viewed\",\"messageId\":\""
                + messageId + "\",\"timestamp\":\"" + T0 + "\",\"receivedAt\":\"" + T0 + "\"}");
        return EventCodec.fromBody(0, body);
    }

    private void processAll(String... messageIds) throws Exception {
        List<Event> events = new java.util.ArrayList<>();
        for (String id : messageIds) events.add(track(id));
        log.append(events).get(10, TimeUnit.SECONDS);
        long head = log.headOffset();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (processor.cursor() < head && System.nanoTime() < deadline) Thread.sleep(10);
        assertThat(processor.cursor()).isEqualTo(head);
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode body(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    void aFailingEventIsSkippedAndListedWithItsErrorAndItself() throws Exception {
        poison.add("bad");
        processAll("ok1", "bad", "ok2");

        assertThat(applied).containsExactly("ok1", "ok2");
        JsonNode list = body(call("GET", "/api/processing/failures"));
        assertThat(list.get("total").asLong()).isEqualTo(1);
        JsonNode f = list.get("items").get(0);
        assertThat(f.get("offset").asLong()).isEqualTo(2);
        assertThat(f.get("messageId").asText()).isEqualTo("bad");
        assertThat(f.get("error").asText()).contains("cannot map bad");
        assertThat(f.get("attempts").asInt()).isPositive();
        assertThat(f.get("event").get("event").asText()).isEqualTo("Viewed");
        assertThat(body(call("GET", "/api/processing/failures/2")).get("messageId").asText()).isEqualTo("bad");
    }

    @Test
    void aRetryAfterTheCauseIsFixedAppliesTheEventAndClearsTheFailure() throws Exception {
        poison.add("bad");
        processAll("bad");

        HttpResponse<String> stillBroken = call("POST", "/api/processing/failures/1/retry");
        assertThat(stillBroken.statusCode()).isEqualTo(422);
        assertThat(body(stillBroken).get("error").asText()).isEqualTo("retry_failed");
        int attempts = body(call("GET", "/api/processing/failures/1")).get("attempts").asInt();

        poison.clear(); // the operator fixed the cause
        HttpResponse<String> retried = call("POST", "/api/processing/failures/1/retry");

        assertThat(retried.statusCode()).isEqualTo(200);
        assertThat(body(retried).get("retried").asBoolean()).isTrue();
        assertThat(applied).containsExactly("bad");
        assertThat(call("GET", "/api/processing/failures/1").statusCode()).isEqualTo(404);
        assertThat(attempts).isGreaterThan(1);
    }

    @Test
    void aDismissedFailureIsGoneAndNothingIsApplied() throws Exception {
        poison.add("bad");
        processAll("bad");

        HttpResponse<String> dismissed = call("DELETE", "/api/processing/failures/1");

        assertThat(dismissed.statusCode()).isEqualTo(200);
        assertThat(body(call("GET", "/api/processing/failures")).get("total").asLong()).isZero();
        assertThat(call("DELETE", "/api/processing/failures/1").statusCode()).isEqualTo(404);
        assertThat(applied).isEmpty();
    }

    @Test
    void badRequestsAreAnsweredWithJsonErrors() throws Exception {
        assertThat(call("GET", "/api/processing/failures/abc").statusCode()).isEqualTo(400);
        JsonNode invalid = body(call("GET", "/api/processing/failures/0"));
        assertThat(invalid.get("error").asText()).isEqualTo("invalid_offset");
        assertThat(invalid.get("success").asBoolean(true)).as("the documented error shape").isFalse();
        assertThat(invalid.get("problems").isArray()).isTrue();
        assertThat(call("GET", "/api/processing/failures?limit=0").statusCode()).isEqualTo(400);
        assertThat(call("GET", "/api/processing/failures?offset=x").statusCode()).isEqualTo(400);
        assertThat(body(call("POST", "/api/processing/failures/99/retry")).get("error").asText()).isEqualTo("not_found");
    }
}
