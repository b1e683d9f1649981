package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.server.delivery.DeliveryService;
import io.emarsysdest.server.delivery.DeliverySettings;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.emarsysdest.testkit.FakeEmarsysGateway;
import io.emarsysdest.testkit.delivery.StepClock;
import io.javalin.Javalin;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

class DeadLetterApiTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    @TempDir
    Path dir;
    private final StepClock clock = new StepClock(T0);
    private final FakeEmarsysGateway emarsys = new FakeEmarsysGateway();
    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private SQLiteDataSource dataSource;
    private JdbcOutboxRepository outbox;
    private DeliveryService delivery;
    private Javalin app;

    @BeforeEach
    void start() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(5000);
        dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/state/sqlite").load().migrate();
        outbox = new JdbcOutboxRepository(dataSource);
        delivery = new DeliveryService(DeliverySettings.DEFAULTS, outbox, Map.of("acc", emarsys), clock,
                new SimpleMeterRegistry(), new SplittableRandom(1));
        app = Javalin.create();
        new DeadLetterApi(outbox, delivery, clock).register(app);
        app.start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    /** Enqueues upserts for the contacts and lets delivery dead-letter those Emarsys rejects (2007) . */
    private void deadLetters(String... contacts) throws Exception {
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            for (String contact : contacts) {
                var fields = JsonNodeFactory.instance.objectNode().put("1", "x");
                outbox.enqueue(tx, List.of(NewOutboxItem.upsert("acc", "3", contact, fields, "k-" + contact, "p-" + contact)),
                        clock.instant());
            }
            tx.commit();
        }
        emarsys.failItems(i -> i.keyValue().startsWith("bad"), Failure.permanent(200, 2007, "Invalid value"));
        emarsys.failItems(i -> i.keyValue().startsWith("nokey"), Failure.permanent(200, 2005, "No value for key"));
        delivery.runUntilIdle(until -> {
            clock.advanceTo(until);
            return true;
        });
    }

    private HttpResponse<String> call(String method, String path, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path));
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode get(String path) throws Exception {
        HttpResponse<String> response = call("GET", path, null);
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return json.readTree(response.body());
    }

    @Test
    void listsDeadLettersWithTheEmarsysAnswerFilteredAndPaged() throws Exception {
        deadLetters("bad1@x", "good@x", "nokey@x", "bad2@x");

        JsonNode all = get("/api/dead-letters");
        assertThat(all.get("total").asInt()).isEqualTo(3);
        JsonNode first = all.get("items").get(0);
        assertThat(first.get("op").asText()).isEqualTo("CONTACT_UPSERT");
        assertThat(first.get("reason").asText()).isEqualTo("PERMANENT");
        assertThat(first.get("payload").get("1").asText()).isEqualTo("x");
        assertThat(first.get("attempts").asInt()).isEqualTo(1);

        JsonNode byCode = get("/api/dead-letters?code=2007&reason=permanent");
        assertThat(byCode.get("total").asInt()).isEqualTo(2);
        JsonNode byContact = get("/api/dead-letters?contact=nokey@x");
        assertThat(byContact.get("items").get(0).get("replyCode").asInt()).isEqualTo(2005);
        assertThat(byContact.get("items").get(0).get("text").asText()).isEqualTo("No value for key");
        JsonNode page = get("/api/dead-letters?limit=2&offset=2");
        assertThat(page.get("items")).hasSize(1);
        assertThat(get("/api/dead-letters?from=2026-11-23T11:00:00Z").get("total").asInt()).isZero();
    }

    @Test
    void answersBadQueriesWithEveryProblem() throws Exception {
        HttpResponse<String> response = call("GET", "/api/dead-letters?reason=nope&code=x&from=yesterday&limit=0", null);

        assertThat(response.statusCode()).isEqualTo(400);
        JsonNode body = json.readTree(response.body());
        assertThat(body.get("error").asText()).isEqualTo("invalid_query");
        assertThat(body.get("problems").findValuesAsText("path")).containsExactly("reason", "code", "from", "limit");
    }

    @Test
    void showsReplaysAndDiscardsOneDeadLetter() throws Exception {
        deadLetters("bad1@x", "bad2@x");
        long id = get("/api/dead-letters?contact=bad1@x").get("items").get(0).get("id").asLong();

        assertThat(get("/api/dead-letters/" + id).get("contact").asText()).isEqualTo("bad1@x");
        assertThat(call("GET", "/api/dead-letters/999", null).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/dead-letters/abc", null).statusCode()).isEqualTo(400);

        emarsys.clearItemFailures();
        HttpResponse<String> replay = call("POST", "/api/dead-letters/" + id + "/replay", null);
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(json.readTree(replay.body()).get("replayed").asInt()).isEqualTo(1);
        delivery.runUntilIdle(until -> true);
        assertThat(emarsys.deliveredIds()).contains(id);
        assertThat(call("POST", "/api/dead-letters/" + id + "/replay", null).statusCode()).isEqualTo(404);

        long other = get("/api/dead-letters").get("items").get(0).get("id").asLong();
        assertThat(call("DELETE", "/api/dead-letters/" + other, null).statusCode()).isEqualTo(204);
        assertThat(get("/api/dead-letters").get("total").asInt()).isZero();
        assertThat(call("DELETE", "/api/dead-letters/" + other, null).statusCode()).isEqualTo(404);
    }

    @Test
    void replaysAndDiscardsEveryMatchOfAFilterButNeverEverythingByAccident() throws Exception {
        deadLetters("bad1@x", "bad2@x", "nokey@x");

        HttpResponse<String> unfiltered = call("POST", "/api/dead-letters/replay", null);
        assertThat(unfiltered.statusCode()).isEqualTo(400);
        assertThat(json.readTree(unfiltered.body()).get("error").asText()).isEqualTo("filter_required");

        HttpResponse<String> replay = call("POST", "/api/dead-letters/replay", "{\"code\": 2007}");
        assertThat(json.readTree(replay.body()).get("replayed").asInt()).isEqualTo(2);
        assertThat(get("/api/dead-letters").get("total").asInt()).isEqualTo(1);

        assertThat(call("POST", "/api/dead-letters/replay", "[1]").statusCode()).isEqualTo(400);
        assertThat(call("DELETE", "/api/dead-letters", null).statusCode()).isEqualTo(400);
        HttpResponse<String> discard = call("DELETE", "/api/dead-letters?all=true", null);
        assertThat(json.readTree(discard.body()).get("discarded").asInt()).isEqualTo(1);
        assertThat(get("/api/dead-letters").get("total").asInt()).isZero();
    }

    @Test
    void reportsDeliveryStatus() throws Exception {
        deadLetters("bad1@x", "good@x");
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            outbox.enqueue(tx, List.of(NewOutboxItem.upsert("acc", "3", "late@x",
                    JsonNodeFactory.instance.objectNode(), "late", null)), clock.instant());
            tx.commit();
        }
        clock.advance(Duration.ofSeconds(5));

        JsonNode status = get("/api/delivery/status");

        assertThat(status.get("queueDepth").asLong()).isEqualTo(1);
        assertThat(status.get("deadLetters").asLong()).isEqualTo(1);
        assertThat(status.get("oldestPendingAgeMillis").asLong()).isEqualTo(5000);
        assertThat(status.get("accounts").get(0).get("account").asText()).isEqualTo("acc");
        assertThat(status.get("accounts").get(0).get("requestsLastMinute").asInt()).isEqualTo(1);
        assertThat(status.get("recentRequests").get(0).get("outcome").asText()).isEqualTo("partial");
        assertThat(status.get("requestTotals").get("partial").asInt()).isEqualTo(1);
    }
}
