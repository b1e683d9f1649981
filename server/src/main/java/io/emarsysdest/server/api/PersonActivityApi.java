package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.engine.ContactMemoryStore;
import io.emarsysdest.core.engine.RuleStateStore;
import io.emarsysdest.core.identity.MergeRecord;
import io.emarsysdest.core.identity.PersonState;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleInstance;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.server.debugger.EventTrace;
import io.emarsysdest.server.debugger.EventTraces;
import io.emarsysdest.server.debugger.RequestTrace;
import io.emarsysdest.server.debugger.RequestTraces;
import io.emarsysdest.server.debugger.TraceJson;
import io.emarsysdest.server.http.JsonAnswers;
import io.emarsysdest.store.identity.JdbcPersonRepository;
import io.emarsysdest.store.datamap.JdbcContactMemoryStore;
import io.emarsysdest.store.rules.JdbcRuleStateStore;
import io.javalin.Javalin;
import io.javalin.http.Context;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code GET /api/persons/{id}/activity}: what the service does for one person besides its identity (which
 * {@link PersonsApi} shows): live rule instances with their deadlines and timers, list memberships as last sent to
 * Emarsys, Engage audiences from its traits, what was done with its latest events, and the Emarsys requests that
 * carried its items (the last ones the debugger keeps). A merged person's id answers for the person it was merged into.
 */
public final class PersonActivityApi {
    private static final int EVENTS = 50;
    private static final int REQUESTS = 50;

    private final DataSource state;
    private final EventTraces events;
    private final RequestTraces requests;
    private final TraceJson view;
    private final ObjectMapper json;

    public PersonActivityApi(DataSource state, EventTraces events, RequestTraces requests, TraceJson view, ObjectMapper json) {
        this.state = state;
        this.events = events;
        this.requests = requests;
        this.view = view;
        this.json = json;
    }

    public void register(Javalin app) {
        app.get("/api/persons/{id}/activity", this::activity);
    }

    private void activity(Context ctx) throws SQLException {
        long id;
        try {
            id = Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            JsonAnswers.error(ctx, 400, "invalid_id", "a person id is a number, got '" + ctx.pathParam("id") + "'");
            return;
        }
        ObjectNode body = json.createObjectNode();
        Set<String> personKeys = new LinkedHashSet<>();
        try (Connection c = state.getConnection()) {
            c.setAutoCommit(false);
            try {
                JdbcPersonRepository persons = new JdbcPersonRepository(c);
                PersonState p = persons.find(id);
                if (p == null) {
                    JsonAnswers.error(ctx, 404, "not_found", "no person " + id);
                    return;
                }
                body.put("id", p.id());
                if (p.id() != id) body.put("redirectedFrom", id);
                personKeys.add(NewOutboxItem.personKey(p.id()));
                for (MergeRecord m : persons.merges(p.id())) personKeys.add(NewOutboxItem.personKey(m.loser()));
                ruleInstances(body, new JdbcRuleStateStore(c), Long.toString(p.id()));
                lists(body, new JdbcContactMemoryStore(c), NewOutboxItem.personKey(p.id()));
                audiences(body, p.traits());
            } finally {
                c.rollback();
                c.setAutoCommit(true);
            }
        }
        String personId = Long.toString(body.get("id").asLong());
        List<EventTrace> recent = events.newest(new EventTraces.Filter(null, null, personId, null), EVENTS);
        Map<String, List<RequestTrace>> sent = view.requestsFor(recent);
        ArrayNode ev = body.putArray("events");
        for (EventTrace t : recent) ev.add(view.summary(t, sent));
        ArrayNode req = body.putArray("requests");
        for (RequestTrace r : requests.ofPersons(personKeys, REQUESTS)) req.add(view.request(r, null, personKeys));
        JsonAnswers.send(ctx, 200, body);
    }

    private void ruleInstances(ObjectNode body, RuleStateStore rules, String personId) {
        PersonRuleState s = rules.load(personId);
        ArrayNode out = body.putArray("ruleInstances");
        for (RuleInstance i : s.instances()) {
            ObjectNode x = out.addObject().put("ruleId", i.ruleId()).put("version", i.version()).put("instanceId", i.instanceId())
                    .put("key", i.key()).put("enteredAt", i.enteredAt().toString()).put("step", i.stepIndex())
                    .put("deadline", i.deadline() == null ? null : i.deadline().toString())
                    .put("dueAt", i.dueAt() == null ? null : i.dueAt().toString());
            x.put("counted", i.counted().size());
        }
        ArrayNode timers = body.putArray("timers");
        for (RuleTimer t : rules.timersOf(personId)) {
            timers.addObject().put("ruleId", t.ruleId()).put("instanceId", t.instanceId()).put("version", t.version())
                    .put("deadline", t.deadline().toString()).put("dueAt", t.dueAt().toString());
        }
    }

    private static void lists(ObjectNode body, ContactMemoryStore memories, String personKey) {
        ArrayNode out = body.putArray("lists");
        ContactMemory m = memories.load(List.of(personKey)).get(personKey); // none (or unreadable): nothing sent
        if (m == null) return;
        new java.util.TreeMap<>(m.lists()).forEach((target, added) -> out.addObject()
                .put("list", target.startsWith("name:") ? target.substring(5) : target)
                .put("byName", target.startsWith("name:")).put("member", added));
    }

    private static void audiences(ObjectNode body, JsonNode traits) {
        ArrayNode out = body.putArray("audiences");
        if (traits == null) return;
        for (Iterator<Map.Entry<String, JsonNode>> it = traits.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (e.getValue().isBoolean()) out.addObject().put("audience", e.getKey()).put("member", e.getValue().booleanValue());
        }
    }
}
