package io.emarsysdest.server.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.server.e2e.TestServer;
import org.junit.jupiter.api.BeforeAll;
import io.emarsysdest.server.e2e.ServerSession;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/** Who changed which map, rule or audience mapping, the states before and after, and rollback from there. */
class ChangeHistoryApiTest {
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

    @Test
    void aDataMapsChangesAreListedNewestFirstAndARollbackRunsTheVersionThatRanBefore() throws Exception {
        String map = "{\"mappings\":[{\"from\":\"traits.email\",\"to\":\"3\"},{\"from\":\"traits.%s\",\"to\":\"City\"}]}";
        api("PUT", "/api/datamaps/hist-map", map.formatted("city"), 200);
        api("POST", "/api/datamaps/hist-map/versions/1/publish", null, 200);
        api("PUT", "/api/datamaps/hist-map", map.formatted("town"), 200);
        api("POST", "/api/datamaps/hist-map/versions/2/publish", null, 200);
        api("PUT", "/api/datamaps/hist-map", map.formatted("town"), 200); // an edit after publishing: draft 3
        api("PUT", "/api/datamaps/hist-map", map.formatted("town"), 200); // the same draft again: no change, no entry

        JsonNode changes = api("GET", "/api/history?kind=datamap&id=hist-map", null, 200).path("changes");
        assertThat(changes).extracting(c -> c.path("action").asText()).containsExactly("save", "publish", "save", "publish", "save");
        JsonNode first = changes.get(4);
        assertThat(first.path("before").isNull()).as("the map did not exist").isTrue();
        assertThat(first.at("/after/definition/mappings/1/from").asText()).isEqualTo("traits.city");
        assertThat(first.path("actor").asText()).startsWith("admin key (");
        JsonNode secondPublish = changes.get(1);
        assertThat(secondPublish.at("/before/running").asInt()).isEqualTo(1);
        assertThat(secondPublish.at("/after/running").asInt()).isEqualTo(2);

        JsonNode rolledBack = api("POST", "/api/history/" + secondPublish.path("id").asLong() + "/rollback", null, 200);
        assertThat(rolledBack.at("/state/running").asInt()).isEqualTo(1);
        assertThat(api("GET", "/api/datamaps/hist-map", null, 200).at("/running/version").asInt()).isEqualTo(1);
        JsonNode newest = api("GET", "/api/history?kind=datamap&id=hist-map&limit=1", null, 200).at("/changes/0");
        assertThat(newest.path("action").asText()).isEqualTo("rollback of #" + secondPublish.path("id").asLong());

        api("GET", "/api/history?kind=nonsense", null, 400);
        api("POST", "/api/history/999999/rollback", null, 404);
    }

    @Test
    void aRuleRolledBackRunsItsEarlierDefinitionAgainAndNamesWhoChangedIt() throws Exception {
        String rule = "{\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Hist\"}},\"action\":{\"externalEvent\":\"%s\"}}";
        api("PUT", "/api/rules/hist-rule", rule.formatted("first"), 200);
        api("POST", "/api/rules/hist-rule/publish", null, 200);
        HttpResponse<String> second = server.api("PUT", "/api/rules/hist-rule", rule.formatted("second"));
        assertThat(second.statusCode()).isEqualTo(200);
        api("POST", "/api/rules/hist-rule/publish", null, 200);

        JsonNode changes = api("GET", "/api/history?kind=rule&id=hist-rule", null, 200).path("changes");
        assertThat(changes).hasSize(4);
        JsonNode save2 = changes.get(1);
        assertThat(save2.path("action").asText()).isEqualTo("save");
        assertThat(save2.at("/before/definition/action/externalEvent").asText()).isEqualTo("first");
        assertThat(save2.at("/after/definition/action/externalEvent").asText()).isEqualTo("second");

        api("POST", "/api/history/" + save2.path("id").asLong() + "/rollback", null, 200);
        JsonNode now = api("GET", "/api/rules/hist-rule", null, 200);
        assertThat(now.path("status").asText()).isEqualTo("active");
        assertThat(now.at("/definition/action/externalEvent").asText()).isEqualTo("first");
        assertThat(now.path("activeVersion").asInt()).as("saved again as a new version and published").isEqualTo(3);
    }

    @Test
    void aDeletedAudienceMappingComesBackWithARollback() throws Exception {
        api("PUT", "/api/audiences/hist_vip", "{\"list\":{\"name\":\"History VIP\"}}", 200);
        api("DELETE", "/api/audiences/hist_vip", null, 200);
        JsonNode deleted = api("GET", "/api/history?kind=audience&id=hist_vip", null, 200).at("/changes/0");
        assertThat(deleted.path("action").asText()).isEqualTo("delete");
        assertThat(deleted.path("after").isNull()).isTrue();
        api("POST", "/api/history/" + deleted.path("id").asLong() + "/rollback", null, 200);
        assertThat(api("GET", "/api/audiences/hist_vip", null, 200).at("/list/name").asText()).isEqualTo("History VIP");
    }
}
