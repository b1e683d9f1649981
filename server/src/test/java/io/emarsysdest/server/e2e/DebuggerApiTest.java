package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.sandbox.SandboxFault;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live debugger, a person's activity and the overview history over HTTP, against the real service and the
 * embedded sandbox: events sent with the ingest API are found with what processing did and the Emarsys requests
 * (body, reply, status, timing) their items went out in.
 */
class DebuggerApiTest {
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
        if (server != null) server.close();
    }

    @Test
    void anIdentifyIsTracedWithItsPersonFieldsAndTheUpsertRequestWithBodyAndReply() throws Exception {
        assertThat(server.postAuthed("/v1/identify", "{\"messageId\":\"dbg-1\",\"userId\":\"dbg-user-1\","
                + "\"traits\":{\"email\":\"dbg1@example.com\",\"firstName\":\"Debby\"}}").statusCode()).isEqualTo(200);

        JsonNode list = await("/api/debugger/events?person=dbg-user-1", b -> b.path("events").size() == 1
                && b.path("events").get(0).path("delivery").asText().equals("delivered"));
        JsonNode summary = list.path("events").get(0);
        assertThat(summary.path("messageId").asText()).isEqualTo("dbg-1");
        assertThat(summary.path("type").asText()).isEqualTo("identify");
        assertThat(summary.path("primaryKey").asText()).isEqualTo("dbg1@example.com");
        assertThat(summary.path("produced").path("contact_upsert").asInt()).isEqualTo(1);

        JsonNode d = json(server.get("/api/debugger/events/dbg-1"), 200);
        assertThat(d.path("body").path("traits").path("firstName").asText()).isEqualTo("Debby");
        assertThat(d.path("person").path("new").asBoolean()).isTrue();
        assertThat(d.path("person").path("becameContact").asBoolean()).isTrue();
        assertThat(fields(d.path("fields"))).contains("1 First Name = \"Debby\"", "3 E-mail = \"dbg1@example.com\"");
        assertThat(d.path("items").get(0).path("status").asText()).isEqualTo("delivered");

        JsonNode request = d.path("requests").get(0);
        assertThat(request.path("op").asText()).isEqualTo("contact_upsert");
        assertThat(request.path("outcome").asText()).isEqualTo("delivered");
        assertThat(request.path("theseItems").get(0).path("verdict").asText()).isEqualTo("delivered");
        JsonNode exchange = request.path("exchanges").get(0);
        assertThat(exchange.path("method").asText()).isEqualTo("PUT");
        assertThat(exchange.path("path").asText()).startsWith("contact/");
        assertThat(exchange.path("httpStatus").asInt()).isEqualTo(200);
        assertThat(exchange.path("replyCode").asInt()).isEqualTo(0);
        assertThat(exchange.path("durationMillis").asDouble()).isPositive();
        assertThat(exchange.path("request").path("key_id").asText()).isEqualTo("3");
        assertThat(exchange.path("elements").get(0).path("3").asText()).isEqualTo("dbg1@example.com");
        assertThat(exchange.path("elements").get(0).path("1").asText()).isEqualTo("Debby");
        assertThat(exchange.path("reply").path("replyCode").asInt()).isEqualTo(0);
        assertThat(fields(exchange.path("fieldNames"))).contains("1 First Name", "3 E-mail");
        assertThat(exchange.toString()).doesNotContain("X-WSSE").doesNotContain("UsernameToken");
    }

    @Test
    void filtersByTypeEventNameAndPersonNewestFirst() throws Exception {
        assertThat(server.postAuthed("/v1/batch", "{\"batch\":["
                + "{\"type\":\"track\",\"messageId\":\"dbg-f1\",\"userId\":\"dbg-f\",\"event\":\"Product Viewed\"},"
                + "{\"type\":\"track\",\"messageId\":\"dbg-f2\",\"userId\":\"dbg-f\",\"event\":\"Order Completed\"},"
                + "{\"type\":\"page\",\"messageId\":\"dbg-f3\",\"userId\":\"dbg-f\",\"name\":\"Home\"},"
                + "{\"type\":\"track\",\"messageId\":\"dbg-f4\",\"userId\":\"someone-else\",\"event\":\"Order Completed\"}]}").statusCode()).isEqualTo(200);
        server.awaitProcessed();
        await("/api/debugger/events?person=dbg-f", b -> b.path("events").size() == 3);

        assertThat(ids("/api/debugger/events?person=dbg-f")).containsExactly("dbg-f3", "dbg-f2", "dbg-f1");
        assertThat(ids("/api/debugger/events?person=DBG-F&type=track")).containsExactly("dbg-f2", "dbg-f1");
        assertThat(ids("/api/debugger/events?event=" + URLEncoder.encode("order completed", StandardCharsets.UTF_8)))
                .containsExactly("dbg-f4", "dbg-f2");
        assertThat(ids("/api/debugger/events?type=page&event=Home")).containsExactly("dbg-f3");
        assertThat(ids("/api/debugger/events?person=dbg-f&limit=1")).containsExactly("dbg-f3");
        long offsetOfF2 = json(server.get("/api/debugger/events/dbg-f2"), 200).path("offset").asLong();
        assertThat(ids("/api/debugger/events?person=dbg-f&after=" + offsetOfF2)).containsExactly("dbg-f3");
    }

    @Test
    void aRefusedRequestShowsTheReplyAndTheItemsFate() throws Exception {
        server.app().emarsys().sandbox().addFault(SandboxFault.status("contact.upsert", 1, 400, 2004));
        assertThat(server.postAuthed("/v1/identify", "{\"messageId\":\"dbg-bad\",\"userId\":\"dbg-bad\","
                + "\"traits\":{\"email\":\"dbg-bad@example.com\"}}").statusCode()).isEqualTo(200);

        JsonNode list = await("/api/debugger/events?person=dbg-bad", b -> b.path("events").size() == 1
                && b.path("events").get(0).path("delivery").asText().equals("failed"));
        assertThat(list.path("events").get(0).path("messageId").asText()).isEqualTo("dbg-bad");
        JsonNode d = json(server.get("/api/debugger/events/dbg-bad"), 200);
        JsonNode request = d.path("requests").get(0);
        assertThat(request.path("outcome").asText()).isIn("rejected", "permanent");
        assertThat(request.path("theseItems").get(0).path("verdict").asText()).isEqualTo("dead");
        assertThat(request.path("theseItems").get(0).path("error").asText()).contains("2004");
        JsonNode exchange = request.path("exchanges").get(0);
        assertThat(exchange.path("httpStatus").asInt()).isEqualTo(400);
        assertThat(exchange.path("replyCode").asInt()).isEqualTo(2004);
        assertThat(d.path("items").get(0).path("status").asText()).isEqualTo("dead");
    }

    @Test
    void aPersonsActivityHasRuleInstancesWithDeadlinesListsAudiencesEventsAndRequests() throws Exception {
        assertThat(server.api("PUT", "/api/rules/dbg-browse", "{\"id\":\"dbg-browse\",\"name\":\"Browse\","
                + "\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Product Viewed\"}},"
                + "\"steps\":[{\"id\":\"no_order\",\"kind\":\"absence\",\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"},"
                + "\"within\":{\"duration\":\"PT2H\",\"from\":\"entry\"}}],\"action\":{\"externalEvent\":\"dbg_browse\"}}").statusCode()).isBetween(200, 201);
        assertThat(server.api("POST", "/api/rules/dbg-browse/publish", null).statusCode()).isEqualTo(200);
        assertThat(server.postAuthed("/v1/batch", "{\"batch\":["
                + "{\"type\":\"identify\",\"messageId\":\"dbg-p1\",\"userId\":\"dbg-p\",\"traits\":{\"email\":\"dbg-p@example.com\",\"dbg_vips\":true},"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"dbg_vips\"}}},"
                + "{\"type\":\"track\",\"messageId\":\"dbg-p2\",\"userId\":\"dbg-p\",\"event\":\"Product Viewed\"}]}").statusCode()).isEqualTo(200);
        server.awaitProcessed();
        long personId = json(server.get("/api/persons?userId=dbg-p"), 200).path("id").asLong();

        JsonNode a = await("/api/persons/" + personId + "/activity", b -> b.path("requests").size() >= 2
                && b.path("lists").size() == 1);
        assertThat(a.path("id").asLong()).isEqualTo(personId);
        JsonNode instance = a.path("ruleInstances").get(0);
        assertThat(instance.path("ruleId").asText()).isEqualTo("dbg-browse");
        assertThat(instance.path("instanceId").asText()).isEqualTo("dbg-p2");
        assertThat(instance.path("deadline").asText()).isNotEmpty();
        assertThat(a.path("timers").get(0).path("dueAt").asText()).isNotEmpty();
        assertThat(a.path("lists").get(0).path("list").asText()).isEqualTo("dbg_vips");
        assertThat(a.path("lists").get(0).path("member").asBoolean()).isTrue();
        assertThat(a.path("audiences").toString()).contains("\"audience\":\"dbg_vips\"");
        assertThat(a.path("events").findValuesAsText("messageId")).containsExactly("dbg-p2", "dbg-p1");
        assertThat(a.path("requests").findValuesAsText("op")).contains("contact_upsert", "list_add");
        JsonNode traced = json(server.get("/api/debugger/events/dbg-p2"), 200);
        assertThat(traced.path("ruleSteps").get(0).path("kind").asText()).isEqualTo("entered");
        assertThat(traced.path("ruleSteps").get(0).path("ruleId").asText()).isEqualTo("dbg-browse");

        assertThat(server.get("/api/persons/999999/activity").statusCode()).isEqualTo(404);
        assertThat(json(server.get("/api/persons/x/activity"), 400).path("error").asText()).isEqualTo("invalid_id");
    }

    @Test
    void aPrivacyDeletionForgetsThePersonsTracesAndRequests() throws Exception {
        assertThat(server.postAuthed("/v1/identify", "{\"messageId\":\"dbg-del\",\"userId\":\"dbg-del\","
                + "\"traits\":{\"email\":\"dbg-del@example.com\"}}").statusCode()).isEqualTo(200);
        await("/api/debugger/events?person=dbg-del", b -> b.path("events").size() == 1
                && b.path("events").get(0).path("delivery").asText().equals("delivered"));
        long personId = json(server.get("/api/persons?userId=dbg-del"), 200).path("id").asLong();

        assertThat(server.api("DELETE", "/api/persons/" + personId, null).statusCode()).isEqualTo(200);
        assertThat(server.get("/api/debugger/events/dbg-del").statusCode()).isEqualTo(404);
        assertThat(json(server.get("/api/debugger/events?person=dbg-del@example.com"), 200).path("events")).isEmpty();
        assertThat(json(server.get("/api/debugger/events?person=" + personId), 200).path("events")).isEmpty();
    }

    @Test
    void badQueriesAreRefusedNamingTheProblem() throws Exception {
        assertThat(json(server.get("/api/debugger/events?type=bogus"), 400).path("problems").get(0).path("path").asText()).isEqualTo("type");
        assertThat(json(server.get("/api/debugger/events?limit=0"), 400).path("problems").get(0).path("path").asText()).isEqualTo("limit");
        assertThat(json(server.get("/api/debugger/events?limit=501"), 400).path("error").asText()).isEqualTo("invalid_query");
        assertThat(json(server.get("/api/debugger/events?after=x"), 400).path("problems").get(0).path("path").asText()).isEqualTo("after");
        JsonNode missing = json(server.get("/api/debugger/events/no-such-message"), 404);
        assertThat(missing.path("error").asText()).isEqualTo("not_found");
        assertThat(missing.path("message").asText()).contains("latest 5000 events");
        assertThat(server.getWithoutKey("/api/debugger/events").statusCode()).isEqualTo(401);
    }

    @Test
    void theOverviewHistoryHasASampleFromTheStart() throws Exception {
        JsonNode h = json(server.get("/api/overview/history"), 200);
        assertThat(h.path("intervalSeconds").asInt()).isEqualTo(5);
        JsonNode first = h.path("samples").get(0);
        for (String f : List.of("at", "ingestPerSecond", "lagEvents", "queueDepth", "deadLetters", "requests", "budgetUsePercent")) {
            assertThat(first.has(f)).as(f).isTrue();
        }
    }

    private static List<String> fields(JsonNode arr) {
        List<String> out = new ArrayList<>();
        for (JsonNode f : arr) out.add(f.path("fieldId").asText() + " " + f.path("name").asText() + (f.has("value") ? " = " + f.get("value") : ""));
        return out;
    }

    private static List<String> ids(String path) throws Exception {
        return json(server.get(path), 200).path("events").findValuesAsText("messageId");
    }

    private static JsonNode json(HttpResponse<String> r, int status) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    /** Polls a GET until the answer satisfies the condition (processing and delivery are asynchronous). */
    private static JsonNode await(String path, Predicate<JsonNode> condition) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = json(server.get(path), 200);
            if (condition.test(last)) return last;
            Thread.sleep(20);
        }
        throw new AssertionError("condition not met for " + path + "; last answer: " + last);
    }
}
