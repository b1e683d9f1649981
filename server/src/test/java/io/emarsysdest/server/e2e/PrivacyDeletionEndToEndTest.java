package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.RecordedRequest;
import io.emarsysdest.sandbox.SandboxFault;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Privacy deletions over HTTP against the embedded sandbox (issue 12.2, 12.3): nothing of a deleted person reaches
 * Emarsys afterwards, not even through a dead-letter replay, and every contact made for the person is deleted.
 */
class PrivacyDeletionEndToEndTest {
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

    private static long personId(String userId) throws Exception {
        server.awaitProcessed();
        return JSON.readTree(server.get("/api/persons?userId=" + userId).body()).path("id").asLong();
    }

    private static JsonNode delete(long personId) throws Exception {
        HttpResponse<String> r = server.api("DELETE", "/api/persons/" + personId, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** Waits until nothing is left to deliver: whatever the service was going to send has been sent. */
    private static void awaitQueueDrained() {
        server.eventually(() -> server.app().outbox().stats(Instant.now()).pending(), n -> n == 0);
    }

    @Test
    void aDeadLetterReplayAfterAPrivacyDeletionSendsNothingOfTheDeletedPerson() throws Exception {
        sandbox.addFault(SandboxFault.status("contact.upsert", 1, 400, 2007));
        send("/v1/identify", "{\"userId\":\"u-dl\",\"traits\":{\"email\":\"dl@example.com\",\"firstName\":\"Dora\"}}");
        server.eventually(() -> server.get("/api/dead-letters?contact=dl@example.com").body(), b -> b.contains("\"total\":1"));
        long id = personId("u-dl");

        delete(id);

        assertThat(server.get("/api/dead-letters?person=p" + id).body()).as("the person's dead letters are erased").contains("\"total\":0");
        HttpResponse<String> replay = server.api("POST", "/api/dead-letters/replay", "{\"all\":true}");
        assertThat(replay.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(replay.body()).path("replayed").asInt()).isZero();
        awaitQueueDrained();
        assertThat(sandbox.findContacts("3", "dl@example.com")).as("no contact re-created from the deleted person's data").isEmpty();
        assertThat(upserts("dl@example.com")).as("only the refused upsert ever went out").hasSize(1);
    }

    @Test
    void aPrivacyDeletionDeletesTheOldContactLeftBehindByARenameThatCouldNotHappen() throws Exception {
        sandbox.insertContact(Map.of("3", "taken@example.com", "1", "Tess"));
        send("/v1/identify", "{\"userId\":\"u-two\",\"traits\":{\"email\":\"first@example.com\",\"firstName\":\"Finn\"}}");
        server.eventually(() -> sandbox.findContacts("3", "first@example.com"), l -> !l.isEmpty());
        // the new address exists already: no rename, the upsert updates that contact and the old one stays
        send("/v1/identify", "{\"userId\":\"u-two\",\"traits\":{\"email\":\"taken@example.com\",\"lastName\":\"Two\"}}");
        server.eventually(() -> sandbox.findContacts("3", "taken@example.com"), l -> !l.isEmpty() && "Two".equals(l.get(0).get("2")));
        assertThat(sandbox.findContacts("3", "first@example.com")).hasSize(1);

        JsonNode out = delete(personId("u-two"));

        server.eventually(() -> sandbox.findContacts("3", "first@example.com").size() + sandbox.findContacts("3", "taken@example.com").size(),
                n -> n == 0);
        assertThat(out.path("contacts").findValuesAsText("keyValue")).containsExactlyInAnyOrder("first@example.com", "taken@example.com");
        assertThat(out.path("contacts").findValuesAsText("keyField")).containsOnly("3");
    }

    @Test
    void aDeletionThatFindsAnUpsertWaitingForARetryErasesItAndTheContactStaysDeleted() throws Exception {
        send("/v1/identify", "{\"userId\":\"u-retry\",\"traits\":{\"email\":\"retry@example.com\",\"firstName\":\"Rae\"}}");
        server.eventually(() -> sandbox.findContacts("3", "retry@example.com"), l -> !l.isEmpty());
        // Emarsys is failing: the next upsert waits for a retry when the person is deleted
        sandbox.addFault(SandboxFault.status("contact.upsert", -1, 503, 0));
        try {
            send("/v1/identify", "{\"userId\":\"u-retry\",\"traits\":{\"email\":\"retry@example.com\",\"lastName\":\"Later\"}}");
            server.eventually(() -> upserts("Later").size(), n -> n > 0);
            delete(personId("u-retry"));
        } finally {
            sandbox.clearFaults();
        }

        server.eventually(() -> sandbox.findContacts("3", "retry@example.com"), List::isEmpty);
        awaitQueueDrained();
        assertThat(sandbox.findContacts("3", "retry@example.com")).as("the erased retry never re-creates the contact").isEmpty();
        assertThat(upserts("Later")).as("the erased upsert never got through").allMatch(r -> r.status() == 503);
    }

    private static List<RecordedRequest> upserts(String containing) {
        return sandbox.requests("contact.upsert").stream().filter(r -> r.body() != null && r.body().contains(containing)).toList();
    }
}
