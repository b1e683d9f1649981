package io.emarsysdest.core.rules;

import io.emarsysdest.core.condition.Condition;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

/**
 * Which events a rule part listens to: a call type, an optional name (track event name, page/screen name;
 * null = any name) and a condition on the event body.
 */
public record EventMatcher(EventType type, String name, Condition where) {

    public boolean matches(Event event) {
        if (event.type() != type) return false;
        if (name != null && !name.equals(event.name())) return false;
        return where.test(event.body());
    }
}
