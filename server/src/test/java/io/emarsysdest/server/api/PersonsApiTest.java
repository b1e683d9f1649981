package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.PersonEventHistory;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.store.identity.PersonDeletion;
import io.emarsysdest.store.identity.UsersTable;
import io.emarsysdest.testkit.identity.IdentityEvents;
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
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class PersonsApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    private SQLiteDataSource db;
    private UsersTable usersTable;
    private Javalin app;
    private final HttpClient http = HttpClient.newHttpClient();
    private final IdentityEvents ev = IdentityEvents.at("2026-06-01T12:00:00Z");
    private final List<Event> log = new CopyOnWriteArrayList<>();
    private final List<String> contactDeletions = new CopyOnWriteArrayList<>();

    /** The event log's side of a person's history, in memory. */
    private final PersonEventHistory history = new PersonEventHistory() {
        @Override
        public List<Event> recent(Collection<String> userIds, Collection<String> anonymousIds, int limit) {
            return log.stream().filter(e -> userIds.contains(e.userId()) || anonymousIds.contains(e.anonymousId()))
                    .sorted(Comparator.comparingLong(Event::offset).reversed()).limit(limit).toList();
        }

        @Override
        public long purge(Collection<String> userIds, Collection<String> anonymousIds) {
            List<Event> gone = new ArrayList<>(log.stream().filter(e -> userIds.contains(e.userId()) || anonymousIds.contains(e.anonymousId())).toList());
            log.removeAll(gone);
            return gone.size();
        }
    };

    @BeforeEach
    void start() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.setBusyTimeout(10_000);
        db = new SQLiteDataSource(config);
        db.setUrl("jdbc:sqlite:" + dir.resolve("state.db"));
        Flyway.configure().dataSource(db).locations("classpath:db/state/sqlite").load().migrate();
        usersTable = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
        PersonDeletion deletion = new PersonDeletion(db, history, (tx, personKey, contacts) -> contacts.forEach(c -> contactDeletions.add(c.keyField() + ":" + c.keyValue())), usersTable);
        app = Javalin.create();
        new PersonsApi(db, IdentitySettings.DEFAULTS, history, deletion, JSON).register(app);
        app.start(0);
    }

    @AfterEach
    void stop() {
        app.stop();
    }

    private List<Resolution> process(Event... events) throws Exception {
        log.addAll(List.of(events));
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            List<Resolution> out = usersTable.applyBatch(c, List.of(events));
            c.commit();
            usersTable.afterCommit();
            return out;
        }
    }

    private HttpResponse<String> call(String method, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + path)).method(method, HttpRequest.BodyPublishers.noBody()).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> r) throws Exception {
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    @Test
    public void aPersonIsFoundByAnyOfItsIdentifiers() throws Exception {
        long id = process(ev.track("{\"anonymousId\":\"a-1\"}"),
                ev.minutesLater(1).identify("{\"anonymousId\":\"a-1\",\"userId\":\"u-1\",\"traits\":{\"email\":\"Ann@X.io\",\"plan\":\"pro\"}}")).get(1).personId();

        for (String q : List.of("userId=u-1", "anonymousId=a-1", "email=ann@x.io", "key=%20ANN@x.io")) {
            HttpResponse<String> r = call("GET", "/api/persons?" + q);
            assertThat(r.statusCode()).as(q).isEqualTo(200);
            JsonNode p = body(r);
            assertThat(p.get("id").asLong()).isEqualTo(id);
            assertThat(p.get("primaryKey").asText()).isEqualTo("Ann@X.io");
            assertThat(p.get("traits").get("plan").asText()).isEqualTo("pro");
        }
    }

    @Test
    public void thePersonShowsIdentifiersTraitsMergesAndRecentEvents() throws Exception {
        Resolution anon = process(ev.track("{\"anonymousId\":\"phone\",\"context\":{\"traits\":{\"city\":\"Oslo\"}}}")).get(0);
        Resolution user = process(ev.minutesLater(1).identify("{\"userId\":\"u-2\",\"traits\":{\"email\":\"b@x.io\"}}")).get(0);
        process(ev.minutesLater(1).track("{\"userId\":\"u-2\",\"anonymousId\":\"phone\",\"event\":\"Order Completed\"}"));

        JsonNode p = body(call("GET", "/api/persons/" + user.personId() + "?events=2"));

        assertThat(p.get("traits").get("city").asText()).isEqualTo("Oslo");
        assertThat(p.get("identifiers")).extracting(i -> i.get("type").asText())
                .containsExactlyInAnyOrder("anonymousId", "userId", "primaryKey");
        assertThat(p.get("merges")).hasSize(1);
        assertThat(p.get("merges").get(0).get("loser").asLong()).isEqualTo(anon.personId());
        assertThat(p.get("recentEvents")).hasSize(2);
        assertThat(p.get("recentEvents").get(0).get("event").asText()).isEqualTo("Order Completed");
        assertThat(p.get("counts").get("merges").asInt()).isEqualTo(1);

        JsonNode viaLoser = body(call("GET", "/api/persons/" + anon.personId()));
        assertThat(viaLoser.get("id").asLong()).isEqualTo(user.personId());
        assertThat(viaLoser.get("redirectedFrom").asLong()).isEqualTo(anon.personId());
    }

    @Test
    public void deletingAPersonPurgesItsEventsDeletesTheContactAndForgetsIt() throws Exception {
        long id = process(ev.track("{\"anonymousId\":\"d-a\"}"),
                ev.identify("{\"anonymousId\":\"d-a\",\"userId\":\"d-u\",\"traits\":{\"email\":\"Del@x.io\"}}")).get(1).personId();
        long other = process(ev.identify("{\"userId\":\"keep\",\"traits\":{\"email\":\"keep@x.io\"}}")).get(0).personId();

        HttpResponse<String> r = call("DELETE", "/api/persons/" + id);

        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode out = body(r);
        assertThat(out.get("eventsPurged").asLong()).isEqualTo(2);
        assertThat(out.get("identifiersDeleted").asInt()).isEqualTo(3);
        assertThat(out.get("contactDeletionRequested").asBoolean()).isTrue();
        assertThat(contactDeletions).containsExactly("3:Del@x.io");
        assertThat(out.get("contacts").toString()).isEqualTo("[{\"keyField\":\"3\",\"keyValue\":\"Del@x.io\"}]");
        assertThat(log).extracting(Event::userId).containsExactly("keep");
        assertThat(call("GET", "/api/persons/" + id).statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/persons?userId=d-u").statusCode()).isEqualTo(404);
        assertThat(call("GET", "/api/persons/" + other).statusCode()).isEqualTo(200);
        assertThat(call("DELETE", "/api/persons/" + id).statusCode()).isEqualTo(404);

        Resolution again = process(ev.minutesLater(1).track("{\"userId\":\"d-u\"}")).get(0);
        assertThat(again.isNew()).as("the processor's cache forgot the deleted person").isTrue();
    }

    @Test
    public void anAnonymousPersonIsDeletedWithoutAContactDeletion() throws Exception {
        long id = process(ev.track("{\"anonymousId\":\"only-anon\"}")).get(0).personId();
        JsonNode out = body(call("DELETE", "/api/persons/" + id));
        assertThat(out.get("contactDeletionRequested").asBoolean()).isFalse();
        assertThat(out.get("contacts").isEmpty()).isTrue();
        assertThat(contactDeletions).isEmpty();
    }

    @Test
    public void badRequestsAreAnsweredWithJsonErrors() throws Exception {
        HttpResponse<String> none = call("GET", "/api/persons");
        HttpResponse<String> two = call("GET", "/api/persons?userId=a&email=b@x.io");
        HttpResponse<String> badId = call("GET", "/api/persons/abc");
        HttpResponse<String> badEvents = call("GET", "/api/persons/1?events=-3");
        HttpResponse<String> unknown = call("GET", "/api/persons?userId=nobody");
        HttpResponse<String> blocked = call("GET", "/api/persons?anonymousId=null");

        assertThat(none.statusCode()).isEqualTo(400);
        assertThat(body(none).get("error").asText()).isEqualTo("one_identifier_required");
        assertThat(body(none).get("problems").isArray()).isTrue();
        assertThat(two.statusCode()).isEqualTo(400);
        assertThat(badId.statusCode()).isEqualTo(400);
        assertThat(body(badId).get("error").asText()).isEqualTo("invalid_id");
        assertThat(badEvents.statusCode()).isEqualTo(400);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(body(unknown).get("error").asText()).isEqualTo("not_found");
        assertThat(blocked.statusCode()).isEqualTo(404);
    }
}
