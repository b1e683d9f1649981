package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.FieldDef;
import io.emarsysdest.sandbox.SandboxFault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The account's field catalog against the strict embedded sandbox: its choice ids are its own (Germany is 265,
 * Female 502), field 0 is multichoice and refused by the single-choice endpoint, and fields appear after start.
 */
class FieldCatalogFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ServerSession session = new ServerSession(ServerSession.FAST_RETRIES);
    static TestServer server;
    static EmarsysSandbox sandbox;

    @BeforeAll
    static void start() {
        server = session.server();
        sandbox = session.sandbox();
    }

    @Test
    void a_country_code_reaches_the_contact_as_the_accounts_own_choice_id() {
        identify("de@example.com", "{\"gender\":\"female\",\"address\":{\"country\":\"DE\",\"city\":\"Berlin\"}}");

        Map<String, Object> contact = server.eventually(() -> sandbox.findContacts("3", "de@example.com"), l -> !l.isEmpty()).get(0);
        assertThat(contact).containsEntry("14", "265").containsEntry("5", "502").containsEntry("11", "Berlin");
        assertThat(sandbox.requests("field.choices")).noneMatch(r -> r.path().contains("field/0/"));
        assertThat(sandbox.requests("field.multichoices")).isNotEmpty();
    }

    @Test
    void the_catalog_says_where_it_came_from_in_the_api_and_in_readiness() throws Exception {
        JsonNode catalog = json(server.get("/api/emarsys/fields"));
        assertThat(catalog.get("source").asText()).isEqualTo("account");
        assertThat(catalog.get("failedFields").asInt()).isZero();
        assertThat(catalog.get("refreshInterval").asText()).isEqualTo("PT10M");
        JsonNode interests = field(catalog, "0");
        assertThat(interests.get("type").asText()).isEqualTo("multichoice");
        assertThat(interests.get("choices").size()).isEqualTo(3);

        JsonNode ready = json(server.getWithoutKey("/health/ready"));
        assertThat(ready.path("fieldCatalog").path("source").asText()).isEqualTo("account");
    }

    @Test
    void a_field_created_in_emarsys_after_start_becomes_mappable_after_a_refresh() throws Exception {
        FieldDef tier = sandbox.addField("Loyalty Tier", "singlechoice", Map.of(9101, "Gold", 9102, "Silver"));
        String map = "{\"mappings\":[{\"from\":\"traits.tier\",\"to\":\"Loyalty Tier\"}]}";
        HttpResponse<String> unknown = server.api("PUT", "/api/datamaps/loyalty", map);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("unknown_field");

        JsonNode refreshed = json(server.api("POST", "/api/emarsys/fields/refresh", null));
        assertThat(refreshed.get("source").asText()).isEqualTo("account");
        assertThat(field(refreshed, String.valueOf(tier.id())).path("choices").path("9102").asText()).isEqualTo("Silver");

        HttpResponse<String> saved = server.api("PUT", "/api/datamaps/loyalty", map);
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 201);
        HttpResponse<String> published = server.api("POST", "/api/datamaps/loyalty/versions/1/publish", null);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
        identify("tier@example.com", "{\"tier\":\"Silver\"}");

        Map<String, Object> contact = server.eventually(() -> sandbox.findContacts("3", "tier@example.com"),
                l -> !l.isEmpty() && l.get(0).containsKey(String.valueOf(tier.id()))).get(0);
        assertThat(contact).containsEntry(String.valueOf(tier.id()), "9102");
    }

    @Test
    void a_field_whose_choices_fail_degrades_only_itself_and_is_reported_until_the_next_good_read() throws Exception {
        sandbox.addFault(SandboxFault.status("field.choices", 1, 503, 0)); // the first single-choice field: 5 (Gender)
        JsonNode partial;
        try {
            partial = json(server.api("POST", "/api/emarsys/fields/refresh", null));
        } finally {
            sandbox.clearFaults();
        }
        assertThat(partial.get("source").asText()).isEqualTo("partial");
        assertThat(partial.get("problems")).singleElement().satisfies(p -> {
            assertThat(p.get("fieldId").asText()).isEqualTo("5");
            assertThat(p.get("message").asText()).contains("503").contains("previous read");
        });
        assertThat(field(partial, "5").path("choices").path("502").asText()).as("earlier choices kept").isEqualTo("Female");
        assertThat(field(partial, "14").path("choices").path("265").asText()).isEqualTo("Germany");
        assertThat(json(server.getWithoutKey("/health/ready")).path("fieldCatalog").path("failedFields").asInt()).isEqualTo(1);
        assertThat(server.getWithoutKey("/metrics").body()).contains("field_catalog_field_failures_total 1.0");

        JsonNode healed = json(server.api("POST", "/api/emarsys/fields/refresh", null));
        assertThat(healed.get("source").asText()).isEqualTo("account");
        assertThat(healed.get("problems")).isEmpty();
    }

    private static void identify(String email, String traits) {
        String body = "{\"userId\":\"" + email + "\",\"traits\":" + traits.replaceFirst("\\{", "{\"email\":\"" + email + "\",") + "}";
        assertThat(server.postAuthed("/v1/identify", body).statusCode()).isEqualTo(200);
    }

    private static JsonNode field(JsonNode catalog, String id) {
        for (JsonNode f : catalog.get("fields")) if (f.get("id").asText().equals(id)) return f;
        throw new AssertionError("no field " + id + " in " + catalog);
    }

    private static JsonNode json(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

}
