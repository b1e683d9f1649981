package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import io.emarsysdest.sandbox.EmarsysSandbox;
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
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A customer id as the Emarsys key (PRIMARY_KEY_PATHS=traits.customerId, KEY_FIELD=1000, the sandbox's custom
 * "Customer ID" text field), over HTTP against the embedded sandbox: every request addresses the contact by that one
 * field, and e-mail is still written to field 3.
 */
class CustomKeyFieldFlowTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CUSTOMER_ID = "1000";
    @TempDir
    static Path dir;
    static TestServer server;
    static EmarsysSandbox sandbox;

    @BeforeAll
    static void start() {
        server = TestServer.start(dir.resolve("custom"), Map.of("delivery.retryBase", "200ms",
                "identity.primaryKeyPaths", "traits.customerId", "identity.keyField", CUSTOMER_ID));
        sandbox = server.app().emarsys().sandbox();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static void send(String path, String body) {
        assertThat(server.postAuthed(path, body).statusCode()).isEqualTo(200);
    }

    @Test
    void theContactIsKeyedByTheCustomerIdAndKeepsItsEmailInField3() {
        send("/v1/identify", "{\"userId\":\"u-c1\",\"traits\":{\"customerId\":\"C-1\",\"email\":\"c1@example.com\",\"firstName\":\"Cy\"}}");
        List<Map<String, Object>> contacts = server.eventually(() -> sandbox.findContacts(CUSTOMER_ID, "C-1"), l -> !l.isEmpty());
        assertThat(contacts).singleElement().satisfies(c -> assertThat(c)
                .containsEntry("3", "c1@example.com").containsEntry("1", "Cy").containsEntry(CUSTOMER_ID, "C-1"));
        assertThat(sandbox.findContacts("3", "C-1")).as("the key is not written to the e-mail field").isEmpty();
    }

    @Test
    void triggersAndListChangesUseTheSameKeyFieldAndReachTheContact() {
        HttpResponse<String> saved = server.api("PUT", "/api/rules/ordered", """
                {"id":"ordered","entry":{"event":{"type":"track","name":"Order Completed"}},
                 "action":{"externalEvent":"order_completed","data":{"global":{"orderId":"{{entry.properties.orderId}}"}}}}""");
        assertThat(saved.statusCode()).as(saved.body()).isBetween(200, 201);
        assertThat(server.api("POST", "/api/rules/ordered/publish", null).statusCode()).isEqualTo(200);
        String personas = ",\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"big_spenders\"}}";
        send("/v1/identify", "{\"userId\":\"u-c7\",\"traits\":{\"customerId\":\"C-7\",\"email\":\"c7@example.com\",\"big_spenders\":true}" + personas + "}");
        send("/v1/track", "{\"userId\":\"u-c7\",\"event\":\"Order Completed\",\"properties\":{\"orderId\":\"o-7\"}}");

        List<TriggerRecord> triggers = server.eventually(() -> sandbox.triggers().stream().filter(t -> "C-7".equals(t.externalId())).toList(), l -> !l.isEmpty());
        long contactId = Long.parseLong(String.valueOf(sandbox.findContacts(CUSTOMER_ID, "C-7").get(0).get("id")));
        assertThat(triggers).singleElement().satisfies(t -> {
            assertThat(t.keyId()).isEqualTo(CUSTOMER_ID);
            assertThat(t.contactId()).isEqualTo(contactId);
        });
        SandboxList list = server.eventually(() -> sandbox.lists().stream().filter(l -> l.name().equals("big_spenders")).findFirst().orElse(null),
                l -> l != null && !l.contactIds().isEmpty());
        assertThat(list.contactIds()).containsExactly(contactId);
    }

    @Test
    void aChangedCustomerIdRenamesTheContactAndADeletionDeletesItByThatField() throws Exception {
        send("/v1/identify", "{\"userId\":\"u-c9\",\"traits\":{\"customerId\":\"C-9\",\"email\":\"c9@example.com\"}}");
        server.eventually(() -> sandbox.findContacts(CUSTOMER_ID, "C-9"), l -> !l.isEmpty());
        send("/v1/identify", "{\"userId\":\"u-c9\",\"traits\":{\"customerId\":\"C-10\"}}");
        List<Map<String, Object>> renamed = server.eventually(() -> sandbox.findContacts(CUSTOMER_ID, "C-10"), l -> !l.isEmpty());
        assertThat(renamed.get(0)).containsEntry("3", "c9@example.com");
        assertThat(sandbox.findContacts(CUSTOMER_ID, "C-9")).isEmpty();

        server.awaitProcessed();
        long id = JSON.readTree(server.get("/api/persons?userId=u-c9").body()).path("id").asLong();
        assertThat(server.api("DELETE", "/api/persons/" + id, null).statusCode()).isEqualTo(200);
        server.eventually(() -> sandbox.findContacts(CUSTOMER_ID, "C-10"), List::isEmpty);
    }

    @Test
    void aCustomerIdIsMatchedCaseSensitivelyAndANumberIsAKeyToo() throws Exception {
        send("/v1/identify", "{\"userId\":\"u-n1\",\"traits\":{\"customerId\":4711}}");
        server.eventually(() -> sandbox.findContacts(CUSTOMER_ID, "4711"), l -> !l.isEmpty());
        server.awaitProcessed();
        assertThat(server.get("/api/persons?key=4711").statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(server.get("/api/processing/refused-keys").body()).path("total").asLong()).isZero();
    }

    @Test
    void aCustomerIdPathWithTheEmailKeyFieldStopsTheStartWithTheReason() {
        assertThatThrownBy(() -> TestServer.start(dir.resolve("mismatch"), Map.of("identity.primaryKeyPaths", "traits.customerId")).close())
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems()).extracting(Problem::code).contains("key_field_source_mismatch"))
                .hasMessageContaining("traits.customerId");
    }

    @Test
    void aKeyFieldTheAccountLacksOrThatCannotIdentifyAContactStopsTheStart() {
        assertThatThrownBy(() -> TestServer.start(dir.resolve("unknown"), Map.of("identity.keyField", "no_such_field")).close())
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems()).extracting(Problem::code).contains("unknown_field"));
        assertThatThrownBy(() -> TestServer.start(dir.resolve("gender"), Map.of("identity.keyField", "5")).close())
                .isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).problems()).extracting(Problem::code).contains("unsuitable_key_field"));
    }
}
