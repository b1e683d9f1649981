package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.BlockedValues;
import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.MergeRecord;
import io.emarsysdest.core.identity.Normalizer;
import io.emarsysdest.core.identity.PersonEventHistory;
import io.emarsysdest.core.identity.PersonState;
import io.emarsysdest.server.http.JsonAnswers;
import io.emarsysdest.store.identity.JdbcPersonRepository;
import io.emarsysdest.store.identity.PersonDeletion;
import io.javalin.Javalin;
import io.javalin.http.Context;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The users table over HTTP:
 * <ul>
 *   <li>{@code GET /api/persons?userId=|anonymousId=|email=|key=}: the person holding that identifier (merges followed)</li>
 *   <li>{@code GET /api/persons/{id}}: identifiers, traits, merge history and recent events ({@code ?events=20})</li>
 *   <li>{@code DELETE /api/persons/{id}}: a privacy request; purges the person's stored events, deletes the person
 *       and every person merged into it, erases its queued items and dead letters, and asks for the deletion of
 *       every Emarsys contact the service created or updated for it (listed in the answer)</li>
 * </ul>
 * A merged person's id keeps working and answers with the person it was merged into ({@code redirectedFrom} says so).
 */
public final class PersonsApi {
    private static final int MAX_EVENTS = 200;
    private static final Map<String, IdType> LOOKUPS = Map.of(
            "userId", IdType.USER_ID, "anonymousId", IdType.ANONYMOUS_ID, "email", IdType.PRIMARY_KEY, "key", IdType.PRIMARY_KEY);

    private final DataSource state;
    private final PersonEventHistory history;
    private final PersonDeletion deletion;
    private final Normalizer normalizer;
    private final BlockedValues blocked;
    private final ObjectMapper json;

    public PersonsApi(DataSource state, IdentitySettings settings, PersonEventHistory history, PersonDeletion deletion, ObjectMapper json) {
        this.state = state;
        this.history = history;
        this.deletion = deletion;
        this.normalizer = new Normalizer(settings.primaryKeyFormat());
        this.blocked = new BlockedValues(settings.blockedPatterns());
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/api/persons", this::find);
        app.get("/api/persons/{id}", this::show);
        app.delete("/api/persons/{id}", this::delete);
    }

    private void find(Context ctx) throws SQLException {
        List<String> given = LOOKUPS.keySet().stream().filter(k -> ctx.queryParam(k) != null).sorted().toList();
        if (given.size() != 1) {
            error(ctx, 400, "one_identifier_required", "give exactly one of userId, anonymousId, email or key (got " + given.size() + ")");
            return;
        }
        int events = eventsParam(ctx);
        if (events < 0) return;
        IdType type = LOOKUPS.get(given.get(0));
        String norm = normalizer.normalize(type, ctx.queryParam(given.get(0)));
        if (blocked.isBlocked(norm)) {
            error(ctx, 404, "not_found", "'" + norm + "' is a blocked placeholder value; it never identifies anyone");
            return;
        }
        try (Snapshot snap = snapshot()) {
            JdbcPersonRepository repo = new JdbcPersonRepository(snap.connection());
            IdentityRecord r = repo.findIdentity(new IdKey(type, norm));
            PersonState p = r == null ? null : repo.find(r.personId());
            if (p == null) {
                error(ctx, 404, "not_found", "no person holds " + given.get(0) + " '" + norm + "'");
                return;
            }
            send(ctx, 200, detail(repo, p, r.personId(), events));
        }
    }

    private void show(Context ctx) throws SQLException {
        Long id = idParam(ctx);
        if (id == null) return;
        int events = eventsParam(ctx);
        if (events < 0) return;
        try (Snapshot snap = snapshot()) {
            JdbcPersonRepository repo = new JdbcPersonRepository(snap.connection());
            PersonState p = repo.find(id);
            if (p == null) {
                error(ctx, 404, "not_found", "no person " + id);
                return;
            }
            send(ctx, 200, detail(repo, p, id, events));
        }
    }

    private void delete(Context ctx) throws Exception {
        Long id = idParam(ctx);
        if (id == null) return;
        PersonDeletion.Outcome out = deletion.delete(id);
        if (out == null) {
            error(ctx, 404, "not_found", "no person " + id);
            return;
        }
        ObjectNode body = json.createObjectNode().put("success", true).put("deleted", id);
        ArrayNode persons = body.putArray("personIds");
        out.person().personIds().forEach(persons::add);
        body.put("identifiersDeleted", out.person().identifiers().size());
        body.put("eventsPurged", out.eventsPurged());
        body.put("contactDeletionRequested", out.contactDeletionRequested());
        ArrayNode contacts = body.putArray("contacts"); // every Emarsys contact whose deletion was queued
        out.contacts().forEach(c -> contacts.addObject().put("keyField", c.keyField()).put("keyValue", c.keyValue()));
        send(ctx, 200, body);
    }

    private ObjectNode detail(JdbcPersonRepository repo, PersonState p, long askedFor, int events) {
        ObjectNode body = json.createObjectNode();
        body.put("id", p.id());
        if (askedFor != p.id()) body.put("redirectedFrom", askedFor);
        body.put("primaryKey", p.primaryKeyRaw());
        body.put("contact", p.isContact());
        body.put("firstSeen", p.firstSeen().toString());
        body.put("lastSeen", p.lastSeen().toString());
        body.set("traits", p.traits());
        ObjectNode counts = body.putObject("counts");
        counts.put("userIds", p.userIds()).put("primaryKeys", p.primaryKeys()).put("anonymousIds", p.anonymousIds())
                .put("identifiers", p.identifiers()).put("merges", p.mergeCount());
        List<String> users = new ArrayList<>();
        List<String> anons = new ArrayList<>();
        ArrayNode ids = body.putArray("identifiers");
        for (IdentityRecord r : repo.identifiers(p.id())) {
            ObjectNode i = ids.addObject();
            i.put("type", r.id().type().wireName()).put("value", r.id().raw()).put("normalized", r.id().norm())
                    .put("firstSeen", r.firstSeen().toString()).put("lastSeen", r.lastSeen().toString());
            if (r.previous()) i.put("previous", true);
            if (r.id().type() == IdType.USER_ID) users.add(r.id().raw());
            if (r.id().type() == IdType.ANONYMOUS_ID) anons.add(r.id().raw());
        }
        ArrayNode merges = body.putArray("merges");
        for (MergeRecord m : repo.merges(p.id())) {
            merges.addObject().put("winner", m.winner()).put("loser", m.loser()).put("reason", m.reason())
                    .put("messageId", m.messageId()).put("offset", m.offset()).put("at", m.at().toString());
        }
        ArrayNode recent = body.putArray("recentEvents");
        if (events > 0 && (!users.isEmpty() || !anons.isEmpty())) {
            for (Event e : history.recent(users, anons, events)) recent.add(e.body());
        }
        return body;
    }

    /** One read transaction, so the several reads of one answer see one state; ended and released on close. */
    private Snapshot snapshot() throws SQLException {
        Connection c = state.getConnection();
        c.setAutoCommit(false);
        return new Snapshot(c);
    }

    private record Snapshot(Connection connection) implements AutoCloseable {
        @Override
        public void close() throws SQLException {
            try {
                connection.rollback();
                connection.setAutoCommit(true);
            } finally {
                connection.close();
            }
        }
    }

    private Long idParam(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            error(ctx, 400, "invalid_id", "a person id is a number, got '" + ctx.pathParam("id") + "'");
            return null;
        }
    }

    /** The number of recent events to show; -1 after answering 400. */
    private int eventsParam(Context ctx) {
        Integer n = io.emarsysdest.server.http.QueryParams.intParam(ctx, "events", 20, 0, MAX_EVENTS);
        return n == null ? -1 : n;
    }

    private void error(Context ctx, int status, String code, String message) {
        JsonAnswers.error(ctx, status, code, message);
    }

    private void send(Context ctx, int status, ObjectNode body) {
        JsonAnswers.send(ctx, status, body);
    }
}
