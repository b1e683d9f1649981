package io.emarsysdest.server.schema;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.server.e2e.TestServer;
import org.junit.jupiter.api.BeforeAll;
import io.emarsysdest.server.e2e.ServerSession;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes behind the console's pickers and editors, over HTTP against the real service: what traffic contains,
 * the account's lists and external events, per-rule statistics, publishing only what the editor shows, dry runs
 * that run on until their timers are done, and previews that say when a value is dropped.
 */
class EditorsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerSession session = new ServerSession();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = session.server();
    }

    private static JsonNode api(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> r = server.api(method, path, body);
        assertThat(r.statusCode()).as("%s %s: %s", method, path, r.body()).isEqualTo(status);
        return JSON.readTree(r.body());
    }

    private static JsonNode eventually(String path, Predicate<JsonNode> done) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            JsonNode n = api("GET", path, null, 200);
            if (done.test(n)) return n;
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting on " + path + ": " + n);
            Thread.sleep(20);
        }
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) if (value.equals(n.path(field).asText(null))) return n;
        return null;
    }

    @Test
    void eventNamesAndPathsSeenInTrafficComeWithCountsAndExamples() throws Exception {
        assertThat(server.postAuthed("/v1/track", "{\"userId\":\"s1\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":42.5,\"items\":[{\"sku\":\"a-1\"}]}}").statusCode()).isEqualTo(200);
        assertThat(server.postAuthed("/v1/track", "{\"userId\":\"s2\",\"event\":\"Order Completed\",\"properties\":{\"revenue\":7}}").statusCode()).isEqualTo(200);
        assertThat(server.postAuthed("/v1/identify", "{\"userId\":\"s1\",\"traits\":{\"email\":\"s1@example.com\",\"loyalty_tier\":\"gold\"}}").statusCode()).isEqualTo(200);

        JsonNode events = eventually("/api/schema/events", n -> {
            JsonNode order = find(n.path("events"), "name", "Order Completed");
            return order != null && order.path("count").asInt() == 2 && n.path("events").size() >= 2;
        });
        JsonNode order = find(events.path("events"), "name", "Order Completed");
        assertThat(order.path("type").asText()).isEqualTo("track");
        assertThat(order.path("lastSeen").asText()).isNotEmpty();
        assertThat(api("GET", "/api/schema/events?type=identify", null, 200).path("events")).allSatisfy(e -> assertThat(e.path("type").asText()).isEqualTo("identify"));

        JsonNode paths = api("GET", "/api/schema/paths?type=track&event=Order%20Completed", null, 200).path("paths");
        JsonNode revenue = find(paths, "path", "properties.revenue");
        assertThat(revenue.path("seen").asInt()).isEqualTo(2);
        assertThat(revenue.path("kinds").toString()).isEqualTo("[\"number\"]");
        assertThat(revenue.path("examples").toString()).isEqualTo("[\"42.5\",\"7\"]");
        assertThat(find(paths, "path", "properties.items[0].sku").path("examples").get(0).asText()).isEqualTo("a-1");
        assertThat(find(api("GET", "/api/schema/paths?type=identify", null, 200).path("paths"), "path", "traits.loyalty_tier")
                .path("examples").get(0).asText()).isEqualTo("gold");

        JsonNode bad = api("GET", "/api/schema/paths?type=purchase", null, 400);
        assertThat(bad.path("error").asText()).isEqualTo("invalid_query");
        assertThat(bad.at("/problems/0/path").asText()).isEqualTo("type");
    }

    @Test
    void theAccountsListsAndExternalEventsAreReadOnceAndAgainOnRefresh() throws Exception {
        var sandbox = server.app().emarsys().sandbox();
        long vip = sandbox.createList("VIP picker");
        JsonNode lists = api("GET", "/api/emarsys/lists", null, 200);
        assertThat(lists.path("fetchedAt").asText()).isNotEmpty();
        assertThat(find(lists.path("items"), "name", "VIP picker").path("id").asText()).isEqualTo(Long.toString(vip));

        sandbox.createList("Created later");
        assertThat(find(api("GET", "/api/emarsys/lists", null, 200).path("items"), "name", "Created later")).as("cached until a refresh").isNull();
        assertThat(find(api("POST", "/api/emarsys/lists/refresh", null, 200).path("items"), "name", "Created later")).isNotNull();

        int welcome = sandbox.createEvent("welcome_picker");
        JsonNode events = api("POST", "/api/emarsys/events/refresh", null, 200);
        assertThat(find(events.path("items"), "name", "welcome_picker").path("id").asText()).isEqualTo(Integer.toString(welcome));
        assertThat(events.path("lastError").isNull()).isTrue();
    }

    @Test
    void perRuleStatisticsCountEntriesFiresAndLiveInstances() throws Exception {
        api("PUT", "/api/rules/stats-welcome", "{\"entry\":{\"event\":{\"type\":\"identify\"},\"correlateBy\":\"traits.email\"},\"action\":{\"externalEvent\":\"stats_welcome\"}}", 200);
        api("POST", "/api/rules/stats-welcome/publish", null, 200);
        api("PUT", "/api/rules/stats-wait", "{\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Stats Started\"}},"
                + "\"steps\":[{\"id\":\"wait\",\"kind\":\"absence\",\"event\":{\"type\":\"track\",\"name\":\"Stats Done\"},\"within\":{\"duration\":\"P1D\"}}],"
                + "\"action\":{\"externalEvent\":\"stats_wait\"}}", 200);
        api("POST", "/api/rules/stats-wait/publish", null, 200);
        assertThat(api("GET", "/api/rules/stats-welcome/stats", null, 200).path("entered").asInt()).isZero();

        Instant before = Instant.now().minusSeconds(1);
        server.postAuthed("/v1/identify", "{\"userId\":\"st1\",\"traits\":{\"email\":\"st1@example.com\"}}");
        server.postAuthed("/v1/identify", "{\"userId\":\"st2\",\"traits\":{\"email\":\"st2@example.com\"}}");
        server.postAuthed("/v1/track", "{\"userId\":\"st1\",\"event\":\"Stats Started\"}");

        JsonNode welcome = eventually("/api/rules/stats-welcome/stats", n -> n.path("fired").asInt() == 2);
        assertThat(welcome.path("entered").asInt()).isEqualTo(2);
        assertThat(welcome.path("live").asInt()).isZero();
        assertThat(Instant.parse(welcome.path("lastFired").asText())).isAfter(before);
        JsonNode wait = eventually("/api/rules/stats-wait/stats", n -> n.path("entered").asInt() == 1);
        assertThat(wait.path("live").asInt()).isEqualTo(1);
        assertThat(wait.path("fired").asInt()).isZero();
        assertThat(wait.path("lastFired").isNull()).isTrue();

        JsonNode list = api("GET", "/api/rules", null, 200).path("rules");
        assertThat(find(list, "id", "stats-wait").at("/stats/live").asInt()).isEqualTo(1);
        api("GET", "/api/rules/nope/stats", null, 404);
    }

    @Test
    void publishWithTheEditorsVersionRefusesWhenANewerVersionWouldBePublished() throws Exception {
        String rule = "{\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Shown\"}},\"action\":{\"externalEvent\":\"%s\"}}";
        api("PUT", "/api/rules/shown", rule.formatted("v1"), 200);
        assertThat(api("POST", "/api/rules/shown/publish?version=1", null, 200).path("version").asInt()).isEqualTo(1);
        assertThat(api("PUT", "/api/rules/shown", rule.formatted("v2"), 200).path("version").asInt()).isEqualTo(2);
        JsonNode refused = api("POST", "/api/rules/shown/publish?version=1", null, 409);
        assertThat(refused.path("error").asText()).isEqualTo("version_mismatch");
        assertThat(api("GET", "/api/rules/shown", null, 200).path("activeVersion").asInt()).as("nothing changed").isEqualTo(1);
        assertThat(api("POST", "/api/rules/shown/publish?version=2", null, 200).at("/definition/action/externalEvent").asText()).isEqualTo("v2");
    }

    @Test
    void aDryRunThatSettlesFiresTheAbsenceAndOneThatDoesNotSaysATimerIsPending() throws Exception {
        String body = "{\"rule\":{\"id\":\"dry\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Cart Viewed\"}},"
                + "\"steps\":[{\"id\":\"no_order\",\"kind\":\"absence\",\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"},\"within\":{\"duration\":\"PT2H\"}}],"
                + "\"action\":{\"externalEvent\":\"cart\"}},\"events\":[{\"type\":\"track\",\"event\":\"Cart Viewed\",\"userId\":\"d\",\"timestamp\":\"%s\"}]%s}";
        Instant at = Instant.now().minusSeconds(60).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        JsonNode unsettled = api("POST", "/api/rules/dry-run", body.formatted(at, ""), 200);
        assertThat(unsettled.path("fires")).isEmpty();
        assertThat(unsettled.path("notes").toString()).contains("1 timer(s) still pending").contains("grace");

        JsonNode settled = api("POST", "/api/rules/dry-run", body.formatted(at, ",\"settle\":true"), 200);
        assertThat(settled.path("fires")).hasSize(1);
        assertThat(settled.path("pendingTimers")).isEmpty();
        // the clock ran to the deadline plus the default grace of a minute
        assertThat(Instant.parse(settled.path("endedAt").asText())).isEqualTo(at.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(1)));
    }

    @Test
    void aPreviewSaysWhichValueWasDroppedAndWhy() throws Exception {
        api("PUT", "/api/datamaps/loyalty-preview", "{\"mappings\":[{\"from\":\"traits.email\",\"to\":\"3\"},"
                + "{\"from\":\"traits.loyalty_tier\",\"to\":\"5\",\"values\":{\"gold\":\"Male\",\"silver\":\"Female\"}}]}", 200);
        api("POST", "/api/datamaps/loyalty-preview/versions/1/publish", null, 200);
        JsonNode r = api("POST", "/api/datamaps/preview", "{\"event\":{\"type\":\"identify\",\"userId\":\"lp\","
                + "\"traits\":{\"email\":\"lp@example.com\",\"loyalty_tier\":\"platinum\"}}}", 200);
        assertThat(r.path("fields").has("5")).isFalse();
        JsonNode w = find(r.path("warnings"), "code", "not_in_values");
        assertThat(w).as("warnings: %s", r.path("warnings")).isNotNull();
        assertThat(w.path("path").asText()).isEqualTo("loyalty-preview.mappings[1]");
        assertThat(w.path("message").asText()).contains("'platinum'").contains("gold, silver").contains("left out");
        api("POST", "/api/datamaps/loyalty-preview/unpublish", null, 200);
    }
}
