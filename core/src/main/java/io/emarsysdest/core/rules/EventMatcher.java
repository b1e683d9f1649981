package io.emarsysdest.core.rules;

import io.emarsysdest.core.condition.Condition;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * Which events a rule part listens to: a call type, an optional name (track event name, page/screen name;
 * null = any name), a condition on the event body and, for steps and exits, conditions comparing the event with
 * fields captured earlier in the instance.
 */
public record EventMatcher(EventType type, String name, Condition where, List<RefPredicate> refs) {

    public EventMatcher {
        refs = List.copyOf(refs);
    }

    public EventMatcher(EventType type, String name, Condition where) {
        this(type, name, where, List.of());
    }

    /** Also checks the references against what the instance captured. */
    boolean matches(Event event, ObjectNode captured) {
        if (!matches(event)) return false;
        for (RefPredicate r : refs) if (!r.test(event.body(), captured)) return false;
        return true;
    }

    public boolean matches(Event event) {
        if (event.type() != type) return false;
        if (name != null && !name.equals(event.name())) return false;
        return where.test(event.body());
    }
}
