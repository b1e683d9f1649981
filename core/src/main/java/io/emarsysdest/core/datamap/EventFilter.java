package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.condition.Condition;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** A compiled {@link AppliesTo}: type set, name set and condition. */
final class EventFilter {
    private final EnumSet<EventType> types;
    private final Set<String> names; // null = any
    private final Condition condition; // null = always
    private final boolean conditionReadsPerson;

    private EventFilter(EnumSet<EventType> types, Set<String> names, Condition condition, boolean conditionReadsPerson) {
        this.types = types;
        this.names = names;
        this.condition = condition;
        this.conditionReadsPerson = conditionReadsPerson;
    }

    /** Compiles a fully inherited AppliesTo; condition problems are added under {@code at}. */
    static EventFilter compile(AppliesTo a, String at, List<Problem> problems) {
        EnumSet<EventType> types = a.types() == null || a.types().isEmpty()
                ? EnumSet.copyOf(AppliesTo.DEFAULT_TYPES) : EnumSet.copyOf(a.types());
        Set<String> names = a.events() == null || a.events().isEmpty() ? null : Set.copyOf(a.events());
        Condition condition = null;
        boolean person = false;
        if (a.where() != null) {
            Condition.Parsed parsed = Condition.parse(a.where());
            for (Problem p : parsed.problems()) problems.add(p.under(at + ".where"));
            if (parsed.ok() && !parsed.condition().all().isEmpty()) {
                condition = parsed.condition();
                for (JsonNode p : a.where()) {
                    if (p.path("path").asText("").startsWith("person.")) person = true;
                }
            }
        }
        return new EventFilter(types, names, condition, person);
    }

    boolean matches(Event event, EvalContext ctx) {
        if (!types.contains(event.type())) return false;
        if (names != null) {
            String name = event.name();
            if (name == null || !names.contains(name)) return false;
        }
        if (condition == null) return true;
        return condition.test(conditionReadsPerson ? ctx.bodyWithPerson() : event.body());
    }

    List<String> describeNames() {
        return names == null ? List.of() : new ArrayList<>(names);
    }
}
