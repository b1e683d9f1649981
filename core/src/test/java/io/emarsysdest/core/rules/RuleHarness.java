package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Plays the processor for one person against a manual clock: events arrive "now", timers fire when the clock passes them.
 */
final class RuleHarness {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    final RuleEngine engine;
    RuleSet rules;
    PersonContext person;
    PersonRuleState state;
    Instant now = T0;
    final Map<TimerKey, RuleTimer> timers = new HashMap<>();
    final List<RuleAction> fired = new ArrayList<>();
    final List<Trace> trace = new ArrayList<>();
    private int seq;

    RuleHarness(String personId, String... ruleJson) {
        this(new RuleEngine(), personId, ruleJson);
    }

    RuleHarness(RuleEngine engine, String personId, String... ruleJson) {
        this.engine = engine;
        List<RuleDefinition> defs = new ArrayList<>();
        for (String j : ruleJson) defs.add(rule(j));
        this.rules = RuleSet.of(defs);
        this.person = PersonContext.of(personId);
        this.state = PersonRuleState.empty(personId);
    }

    static RuleDefinition rule(String json) {
        RuleParser.Parsed p = new RuleParser().parse(json(json));
        if (!p.ok()) throw new AssertionError("rule invalid: " + p.problems());
        return p.rule();
    }

    static JsonNode json(String s) {
        try {
            return JSON.readTree(s);
        } catch (Exception e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** A track event happening and arriving now. */
    StepResult track(String name, String propsJson) {
        return track(name, propsJson, now);
    }

    /** A track event with the given event time, arriving now. */
    StepResult track(String name, String propsJson, Instant eventTime) {
        return send(event(person.personId() + "-m" + (++seq), EventType.TRACK, name, propsJson, eventTime, now));
    }

    static Event event(String messageId, EventType type, String name, String propsJson, Instant eventTime, Instant receivedAt) {
        ObjectNode body = JSON.createObjectNode();
        body.put("type", type.wireName());
        body.put("messageId", messageId);
        if (type == EventType.TRACK) body.put("event", name);
        else if (name != null) body.put("name", name);
        body.set("properties", propsJson == null ? JSON.createObjectNode() : json(propsJson));
        return new Event(0, messageId, type, "u1", null, eventTime, eventTime, null, receivedAt, body);
    }

    StepResult send(Event e) {
        fireDue(now);
        return apply(engine.onEvent(rules, state, person, e, now));
    }

    /** Moves the clock forward, firing every timer that falls due on the way, in due order. */
    void advance(Duration d) {
        Instant until = now.plus(d);
        fireDue(until);
        now = until;
    }

    private void fireDue(Instant until) {
        while (true) {
            RuleTimer next = null;
            for (RuleTimer t : timers.values()) {
                if (!t.dueAt().isAfter(until) && (next == null || t.dueAt().isBefore(next.dueAt()))) next = t;
            }
            if (next == null) return;
            timers.remove(next.key());
            if (next.dueAt().isAfter(now)) now = next.dueAt();
            apply(engine.onTimer(rules, state, person, next, now));
        }
    }

    StepResult apply(StepResult r) {
        for (TimerKey k : r.timersToCancel()) timers.remove(k);
        for (RuleTimer t : r.timersToSet()) timers.put(t.key(), t);
        fired.addAll(r.actions());
        trace.addAll(r.trace());
        state = r.state();
        return r;
    }

    long count(Trace.Kind kind) {
        return trace.stream().filter(t -> t.kind() == kind).count();
    }
}
