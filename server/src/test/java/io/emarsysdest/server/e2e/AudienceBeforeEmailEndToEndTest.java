package io.emarsysdest.server.e2e;

import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Engage audience membership that arrives while the person is anonymous is kept under the person and applied when
 * the contact appears (docs/identity.md "Becoming a contact"; issue 12.4), over HTTP against the sandbox.
 */
class AudienceBeforeEmailEndToEndTest {
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

    private static Optional<SandboxList> list(String name) {
        return sandbox.lists().stream().filter(l -> l.name().equals(name)).findFirst();
    }

    private static long contactId(String email) {
        List<Map<String, Object>> found = server.eventually(() -> sandbox.findContacts("3", email), l -> !l.isEmpty());
        return Long.parseLong(String.valueOf(found.get(0).get("id")));
    }

    private static boolean member(String list, long contactId) {
        return list(list).map(l -> l.contactIds().contains(contactId)).orElse(false);
    }

    @Test
    void anAudienceTraitWithPersonasWhileAnonymousJoinsTheListOnceTheEmailIsKnown() {
        send("/v1/identify", "{\"anonymousId\":\"anon-gold\",\"traits\":{\"gold_members\":true},"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"gold_members\"}}}");
        send("/v1/identify", "{\"anonymousId\":\"anon-gold\",\"userId\":\"u-gold\",\"traits\":{\"email\":\"gold@example.com\"}}");

        long contact = contactId("gold@example.com");
        server.eventually(() -> member("gold_members", contact), m -> m);
    }

    @Test
    void anAudienceEnteredTrackWhileAnonymousJoinsTheListOnceTheEmailIsKnown() {
        send("/v1/track", "{\"anonymousId\":\"anon-silver\",\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"silver_members\"}}");
        send("/v1/page", "{\"anonymousId\":\"anon-silver\",\"name\":\"Home\",\"context\":{\"traits\":{\"email\":\"silver@example.com\"}}}");

        long contact = contactId("silver@example.com");
        server.eventually(() -> member("silver_members", contact), m -> m);
    }

    @Test
    void anAudienceEnteredAndLeftWhileAnonymousLeavesTheContactOutOfTheList() {
        send("/v1/track", "{\"anonymousId\":\"anon-bronze\",\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"bronze_members\"}}");
        send("/v1/track", "{\"anonymousId\":\"anon-bronze\",\"event\":\"Audience Exited\",\"properties\":{\"audience_key\":\"bronze_members\"}}");
        send("/v1/track", "{\"anonymousId\":\"anon-bronze\",\"event\":\"Audience Entered\",\"properties\":{\"audience_key\":\"copper_members\"}}");
        send("/v1/identify", "{\"anonymousId\":\"anon-bronze\",\"userId\":\"u-bronze\",\"traits\":{\"email\":\"bronze@example.com\"}}");

        long contact = contactId("bronze@example.com");
        server.eventually(() -> member("copper_members", contact), m -> m);
        server.eventually(() -> server.app().outbox().stats(Instant.now()).pending(), n -> n == 0);
        assertThat(member("bronze_members", contact)).as("the exit came after the entry").isFalse();
    }
}
