package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxList;
import io.emarsysdest.sandbox.TriggerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Over HTTP against the embedded sandbox: list and external-event names are matched as Emarsys matches them
 * (ignoring case), and key values that cannot be e-mail addresses never become contacts.
 */
class NamesAndKeyValuesFlowTest {
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

    private static void send(String path, String body) {
        assertThat(server.postAuthed(path, body).statusCode()).isEqualTo(200);
    }

    @Test
    void anAudienceVipJoinsTheExistingListVIP() {
        long existing = sandbox.createList("VIP");
        String personas = ",\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip\"}}";
        send("/v1/identify", "{\"userId\":\"u-vip\",\"traits\":{\"email\":\"vip@example.com\",\"vip\":true}" + personas + "}");
        SandboxList list = server.eventually(() -> sandbox.lists().stream().filter(l -> l.id() == existing).findFirst().orElseThrow(),
                l -> !l.contactIds().isEmpty());
        assertThat(list.contactIds()).hasSize(1);
        assertThat(sandbox.lists()).filteredOn(l -> l.name().equalsIgnoreCase("vip")).hasSize(1);
    }

    @Test
    void aRuleEventNamedInAnotherCaseTriggersTheExistingExternalEvent() {
        int existing = sandbox.createEvent("Welcome_Mail");
        HttpResponse<String> saved = server.api("PUT", "/api/rules/welcome", """
                {"id":"welcome","entry":{"event":{"type":"track","name":"Signed Up"}},"action":{"externalEvent":"welcome_mail","data":{}}}""");
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 201);
        assertThat(server.api("POST", "/api/rules/welcome/publish", null).statusCode()).isEqualTo(200);
        send("/v1/identify", "{\"userId\":\"u-wel\",\"traits\":{\"email\":\"wel@example.com\"}}");
        send("/v1/track", "{\"userId\":\"u-wel\",\"event\":\"Signed Up\"}");
        List<TriggerRecord> triggers = server.eventually(() -> sandbox.triggers().stream().filter(t -> "wel@example.com".equals(t.externalId())).toList(),
                l -> !l.isEmpty());
        assertThat(triggers).singleElement().satisfies(t -> assertThat(t.eventId()).isEqualTo(existing));
    }

    @Test
    void aListNameEmarsysRefusesBecomesADeadLetterWithTheReasonInsteadOfRetryingForEver() throws Exception {
        // '<' is not a valid list name character: Emarsys answers 3004 and no re-read can find such a list
        HttpResponse<String> mapped = server.api("PUT", "/api/audiences/bad_name", "{\"list\":{\"name\":\"<bad>\"},\"enabled\":true}");
        assertThat(mapped.statusCode()).as(mapped.body()).isBetween(200, 201);
        String personas = ",\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"bad_name\"}}";
        send("/v1/identify", "{\"userId\":\"u-bad-list\",\"traits\":{\"email\":\"badlist@example.com\",\"bad_name\":true}" + personas + "}");
        JsonNode dead = server.eventually(() -> deadLettersMentioning("badlist@example.com"), d -> !d.isEmpty());
        assertThat(dead.toString()).contains("3004");
    }

    private static JsonNode deadLettersMentioning(String text) {
        try {
            JsonNode all = JSON.readTree(server.get("/api/dead-letters").body());
            com.fasterxml.jackson.databind.node.ArrayNode out = JSON.createArrayNode();
            for (JsonNode d : all.path("items")) if (d.toString().contains(text)) out.add(d);
            return out;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anEmailKeyThatIsANumberOrNotAnAddressIsRefusedAndListedWithTheReason() throws Exception {
        send("/v1/identify", "{\"userId\":\"u-num\",\"messageId\":\"m-num\",\"traits\":{\"email\":42,\"firstName\":\"Nu\"}}");
        send("/v1/identify", "{\"userId\":\"u-text\",\"messageId\":\"m-text\",\"traits\":{\"email\":\"not an email\",\"firstName\":\"Te\"}}");
        // later valid e-mails of the same persons: delivery keeps a person's order, so once these contacts exist
        // anything the refused values had produced would have been delivered before them
        send("/v1/identify", "{\"userId\":\"u-num\",\"traits\":{\"email\":\"num@example.com\"}}");
        send("/v1/identify", "{\"userId\":\"u-text\",\"traits\":{\"email\":\"text@example.com\"}}");
        server.eventually(() -> sandbox.findContacts("3", "num@example.com"), l -> !l.isEmpty());
        server.eventually(() -> sandbox.findContacts("3", "text@example.com"), l -> !l.isEmpty());
        assertThat(sandbox.findContacts("3", "42")).isEmpty();
        assertThat(sandbox.findContacts("3", "not an email")).isEmpty();
        // nothing was ever sent with them (a rename to the later address would otherwise hide a created contact)
        assertThat(sandbox.requests()).extracting(r -> String.valueOf(r.body()))
                .noneMatch(b -> b.contains("not an email") || b.contains("\"3\":42") || b.contains("\"3\":\"42\""));

        JsonNode refused = JSON.readTree(server.get("/api/processing/refused-keys").body());
        assertThat(refused.path("items").findValuesAsText("messageId")).contains("m-num", "m-text");
        for (JsonNode r : refused.path("items")) {
            if (r.path("messageId").asText().equals("m-num")) {
                assertThat(r.path("value").asText()).isEqualTo("42");
                assertThat(r.path("reason").asText()).contains("traits.email").contains("not a number");
                assertThat(r.path("personId").asLong()).isPositive();
            }
            if (r.path("messageId").asText().equals("m-text")) assertThat(r.path("reason").asText()).contains("not an e-mail address");
        }
        assertThat(server.get("/api/processing/refused-keys?limit=0").statusCode()).isEqualTo(400);
    }
}
