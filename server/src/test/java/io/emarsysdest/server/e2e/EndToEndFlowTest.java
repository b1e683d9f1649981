package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.RecordedRequest;
import io.emarsysdest.sandbox.SandboxList;
import io.emarsysdest.sandbox.TriggerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole path over HTTP: Segment events in, the users table, data maps, audiences and rules, delivery to the
 * embedded Emarsys sandbox (the service runs without Emarsys credentials).
 */
class EndToEndFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    static Path dir;
    static TestServer server;
    static EmarsysSandbox sandbox;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir, Map.of("delivery.retryBase", "200ms"));
        sandbox = server.app().emarsys().sandbox();
        assertThat(sandbox).as("no credentials: the embedded sandbox").isNotNull();
    }

    @Test
    void theDeliveryStatusSaysWhenItGoesToTheEmbeddedSandbox() throws Exception {
        JsonNode status = JSON.readTree(server.get("/api/delivery/status").body());
        assertThat(status.path("embeddedSandbox").asBoolean()).isTrue();
        assertThat(status.path("sandboxRequests").asText()).isEqualTo(sandbox.baseUrl() + "sandbox/requests");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void send(String path, String body) {
        assertThat(server.postAuthed(path, body).statusCode()).isEqualTo(200);
    }

    private static void publishRule(String id, String json) {
        HttpResponse<String> saved = server.api("PUT", "/api/rules/" + id, json);
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 201);
        HttpResponse<String> published = server.api("POST", "/api/rules/" + id + "/publish", null);
        assertThat(published.statusCode()).as(published.body()).isEqualTo(200);
    }

    private static List<TriggerRecord> triggersFor(String email) {
        return sandbox.triggers().stream().filter(t -> email.equals(t.externalId())).toList();
    }

    @Test
    void anIdentifyWithAnEmailBecomesAContactWithNoConfiguration() {
        send("/v1/identify", "{\"userId\":\"u-jane\",\"traits\":{\"email\":\"Jane.Doe@Example.com\",\"firstName\":\"Jane\",\"lastName\":\"Doe\"}}");
        List<Map<String, Object>> contacts = server.eventually(() -> sandbox.findContacts("3", "Jane.Doe@Example.com"), l -> !l.isEmpty());
        assertThat(contacts.get(0)).containsEntry("1", "Jane").containsEntry("2", "Doe");
    }

    @Test
    void anIdentifyRepeatingKnownTraitsSendsNothingAndAChangeSendsOnlyTheChangedField() {
        String identify = "{\"userId\":\"u-rep\",\"traits\":{\"email\":\"rep@example.com\",\"firstName\":\"Rita\",\"lastName\":\"Poe\"}}";
        send("/v1/identify", identify);
        server.eventually(() -> sandbox.findContacts("3", "rep@example.com"), l -> !l.isEmpty());
        send("/v1/identify", identify);
        send("/v1/identify", identify.replace("Poe", "Moe"));
        // wait on the sandbox's record of the change (its contact store can show it before the request is recorded);
        // upserts of one person go out in order, so the repeat, had it been sent, is recorded before it
        List<String> upserts = server.eventually(() -> sandbox.requests().stream()
                .filter(r -> "PUT".equals(r.method()) && r.body() != null && r.body().contains("rep@example.com"))
                .map(RecordedRequest::body).toList(), l -> l.stream().anyMatch(b -> b.contains("Moe")));
        assertThat(upserts).hasSize(2);
        assertThat(upserts.get(1)).contains("Moe").doesNotContain("Rita");
    }

    @Test
    void anonymousBrowsingThenLoginIsOnePersonAndOneContactWithTheEarlierTraits() throws Exception {
        send("/v1/page", "{\"anonymousId\":\"anon-77\",\"name\":\"Pricing\"}");
        send("/v1/identify", "{\"anonymousId\":\"anon-77\",\"traits\":{\"firstName\":\"Ann\"}}");
        send("/v1/identify", "{\"anonymousId\":\"anon-77\",\"userId\":\"u-77\",\"traits\":{\"email\":\"ann77@example.com\"}}");
        server.awaitProcessed();
        JsonNode byAnon = JSON.readTree(server.get("/api/persons?anonymousId=anon-77").body());
        JsonNode byUser = JSON.readTree(server.get("/api/persons?userId=u-77").body());
        assertThat(byAnon.path("id").asLong()).isPositive().isEqualTo(byUser.path("id").asLong());
        List<Map<String, Object>> contacts = server.eventually(() -> sandbox.findContacts("3", "ann77@example.com"), l -> !l.isEmpty());
        assertThat(contacts).hasSize(1);
        assertThat(contacts.get(0)).containsEntry("1", "Ann");
    }

    @Test
    void aSequenceRuleTriggersAnExternalEventWithATriggerId() {
        publishRule("viewed-then-carted", """
                {"id":"viewed-then-carted","entry":{"event":{"type":"track","name":"Product Viewed"}},
                 "steps":[{"id":"cart","kind":"event","event":{"type":"track","name":"Product Added"},"within":{"duration":"PT1H"}}],
                 "action":{"externalEvent":"viewed_then_carted","data":{"global":{"sku":"{{entry.properties.sku}}"}}}}""");
        send("/v1/identify", "{\"userId\":\"u-seq\",\"traits\":{\"email\":\"seq@example.com\"}}");
        send("/v1/track", "{\"userId\":\"u-seq\",\"event\":\"Product Viewed\",\"properties\":{\"sku\":\"X-1\"}}");
        send("/v1/track", "{\"userId\":\"u-seq\",\"event\":\"Product Added\",\"properties\":{\"sku\":\"X-1\"}}");
        List<TriggerRecord> triggers = server.eventually(() -> triggersFor("seq@example.com"), l -> !l.isEmpty());
        assertThat(triggers).singleElement().satisfies(t -> {
            assertThat(t.triggerId()).startsWith("viewed-then-carted:");
            assertThat(t.data().path("global").path("sku").asText()).isEqualTo("X-1");
            assertThat(sandbox.events()).anyMatch(e -> e.id() == t.eventId() && e.name().equals("viewed_then_carted"));
        });
    }

    @Test
    void anAbsenceRuleFiresOnTheWallClockWithNoFurtherTraffic() {
        publishRule("browse-no-order", """
                {"id":"browse-no-order","entry":{"event":{"type":"track","name":"Item Viewed"}},
                 "steps":[{"id":"no_order","kind":"absence","event":{"type":"track","name":"Order Completed"},"within":{"duration":"PT1S","from":"entry"}}],
                 "time":{"grace":"PT0S"},
                 "action":{"externalEvent":"abandoned_browse","data":{}}}""");
        send("/v1/identify", "{\"userId\":\"u-abs\",\"traits\":{\"email\":\"abs@example.com\"}}");
        send("/v1/identify", "{\"userId\":\"u-ord\",\"traits\":{\"email\":\"ord@example.com\"}}");
        send("/v1/track", "{\"userId\":\"u-abs\",\"event\":\"Item Viewed\"}");
        send("/v1/track", "{\"userId\":\"u-ord\",\"event\":\"Item Viewed\"}");
        send("/v1/track", "{\"userId\":\"u-ord\",\"event\":\"Order Completed\"}");
        server.eventually(() -> triggersFor("abs@example.com"), l -> !l.isEmpty());
        assertThat(triggersFor("ord@example.com")).as("an order within the window cancels it").isEmpty();
    }

    @Test
    void aRuleCompletedWhileAnonymousIsTriggeredOnceThePersonLogsIn() {
        publishRule("anon-signup", """
                {"id":"anon-signup","entry":{"event":{"type":"page","name":"Pricing"}},
                 "steps":[{"id":"signup","kind":"event","event":{"type":"track","name":"Signup Started"},"within":{"duration":"PT1H"}}],
                 "action":{"externalEvent":"signup_nudge","data":{}}}""");
        send("/v1/page", "{\"anonymousId\":\"anon-held\",\"name\":\"Pricing\"}");
        send("/v1/track", "{\"anonymousId\":\"anon-held\",\"event\":\"Signup Started\"}");
        server.awaitProcessed();
        assertThat(triggersFor("held@example.com")).isEmpty();
        send("/v1/identify", "{\"anonymousId\":\"anon-held\",\"userId\":\"u-held\",\"traits\":{\"email\":\"held@example.com\"}}");
        List<TriggerRecord> triggers = server.eventually(() -> triggersFor("held@example.com"), l -> !l.isEmpty());
        assertThat(triggers).hasSize(1);
    }

    @Test
    void engageAudiencesAddAndRemoveTheContactFromTheListOfTheSameName() {
        String personas = ",\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"vip_customers\"}}";
        send("/v1/identify", "{\"userId\":\"u-vip\",\"traits\":{\"email\":\"vip@example.com\",\"vip_customers\":true}" + personas + "}");
        SandboxList list = server.eventually(() -> sandbox.lists().stream().filter(l -> l.name().equals("vip_customers")).findFirst().orElse(null),
                l -> l != null && l.contactIds().size() == 1);
        long contactId = list.contactIds().get(0);
        send("/v1/identify", "{\"userId\":\"u-vip\",\"traits\":{\"email\":\"vip@example.com\",\"vip_customers\":false}" + personas + "}");
        server.eventually(() -> sandbox.lists().stream().filter(l -> l.name().equals("vip_customers")).findFirst().orElseThrow(),
                l -> !l.contactIds().contains(contactId));
    }

    @Test
    void anEmailChangeRenamesTheContactInsteadOfCreatingASecondOne() {
        send("/v1/identify", "{\"userId\":\"u-move\",\"traits\":{\"email\":\"old@example.com\",\"firstName\":\"Mo\"}}");
        server.eventually(() -> sandbox.findContacts("3", "old@example.com"), l -> !l.isEmpty());
        long contacts = sandbox.contactCount();
        send("/v1/identify", "{\"userId\":\"u-move\",\"traits\":{\"email\":\"new@example.com\"}}");
        List<Map<String, Object>> renamed = server.eventually(() -> sandbox.findContacts("3", "new@example.com"), l -> !l.isEmpty());
        assertThat(renamed.get(0)).containsEntry("1", "Mo");
        assertThat(sandbox.findContacts("3", "old@example.com")).isEmpty();
        assertThat(sandbox.contactCount()).isEqualTo(contacts);
    }

    @Test
    void eventsSwitchedOffForEmarsysStillUpdateTheUsersTableButSendNothing() throws Exception {
        send("/v1/identify", "{\"userId\":\"u-off\",\"integrations\":{\"Emarsys\":false},\"traits\":{\"email\":\"off@example.com\"}}");
        server.awaitProcessed();
        assertThat(server.get("/api/persons?userId=u-off").statusCode()).isEqualTo(200);
        // whatever processing produced for Emarsys is in the outbox by now; once delivery has settled it all, a
        // contact would be there
        server.awaitDeliveryIdle();
        assertThat(sandbox.findContacts("3", "off@example.com")).isEmpty();
    }

    @Test
    void aPrivacyDeletionRemovesThePersonAndTheContact() throws Exception {
        send("/v1/identify", "{\"userId\":\"u-gone\",\"traits\":{\"email\":\"gone@example.com\"}}");
        server.eventually(() -> sandbox.findContacts("3", "gone@example.com"), l -> !l.isEmpty());
        server.awaitProcessed();
        long id = JSON.readTree(server.get("/api/persons?userId=u-gone").body()).path("id").asLong();
        assertThat(server.api("DELETE", "/api/persons/" + id, null).statusCode()).isEqualTo(200);
        server.eventually(() -> sandbox.findContacts("3", "gone@example.com"), List::isEmpty);
        assertThat(server.get("/api/persons?userId=u-gone").statusCode()).isEqualTo(404);
    }
}
