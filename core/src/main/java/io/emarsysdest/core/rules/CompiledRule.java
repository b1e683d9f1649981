package io.emarsysdest.core.rules;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.event.JsonPath;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** A rule version prepared for evaluation: the (type, name) keys it listens to and what to capture at each step. */
final class CompiledRule {
    /** A captured field: stored under {@code key} (the template reference), read from the event at {@code path}. */
    record Capture(String key, JsonPath path) {
    }

    final RuleDefinition def;
    private final Interest interest = new Interest();
    final List<Capture> entryCaptures = new ArrayList<>();
    final List<List<Capture>> stepCaptures = new ArrayList<>();
    final Map<String, JsonPath> traitPaths = new HashMap<>();

    CompiledRule(RuleDefinition def) {
        this.def = def;
        interest.add(def.entry().type(), def.entry().name());
        for (StepDef s : def.steps()) {
            interest.add(s.event().type(), s.event().name());
            stepCaptures.add(new ArrayList<>());
        }
        for (EventMatcher m : def.exitWhen()) interest.add(m.type(), m.name());
        java.util.Set<String> captured = new java.util.LinkedHashSet<>(def.action().data().references());
        for (StepDef s : def.steps()) for (RefPredicate r : s.event().refs()) captured.add(r.ref());
        for (EventMatcher m : def.exitWhen()) for (RefPredicate r : m.refs()) captured.add(r.ref());
        for (String ref : captured) {
            if (ref.startsWith("entry.")) {
                entryCaptures.add(new Capture(ref, JsonPath.compile(ref.substring(6))));
            } else if (ref.startsWith("steps.")) {
                String rest = ref.substring(6);
                int dot = rest.indexOf('.');
                int index = def.stepIndex(rest.substring(0, dot));
                stepCaptures.get(index).add(new Capture(ref, JsonPath.compile(rest.substring(dot + 1))));
            } else if (ref.startsWith("person.traits.")) {
                traitPaths.put(ref, JsonPath.compile(ref.substring(14)));
            }
        }
    }

    Interest interest() {
        return interest;
    }

    /** Does any part of this rule (entry, a step, an exit) listen to events of this type and name? */
    boolean interested(EventType type, String name) {
        return interest.contains(type, name);
    }

    /** The event's correlation value, or null when the rule has none or the event lacks it. */
    String correlationValue(Event e) {
        return def.correlateBy() == null ? null : def.correlateBy().readText(e.body());
    }

    boolean exits(Event e, RuleInstance inst) {
        for (EventMatcher m : def.exitWhen()) if (m.matches(e, inst.captured())) return true;
        return false;
    }
}
