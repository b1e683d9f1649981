package io.emarsysdest.core.rules;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The rules the engine evaluates, indexed by (event type, name). Immutable: build a new one when rules change.
 * <ul>
 *   <li>active versions start instances and run them;</li>
 *   <li>draining versions (older published versions of active rules) only run the instances that already use them,
 *   so a live instance keeps the version it started with.</li>
 * </ul>
 * Instances of versions in neither list are dropped the next time they are touched (the rule was deactivated).
 */
public final class RuleSet {
    public static final RuleSet EMPTY = new RuleSet(List.of(), List.of());

    private final Map<String, List<CompiledRule>> byId = new HashMap<>();
    @SuppressWarnings("unchecked")
    private final Map<String, List<CompiledRule>>[] entryByName = new Map[EventType.values().length];
    @SuppressWarnings("unchecked")
    private final List<CompiledRule>[] entryAnyName = new List[EventType.values().length];
    private final Map<String, CompiledRule> activeById = new HashMap<>();
    private final Interest interest = new Interest();
    private final List<RuleDefinition> active;

    private RuleSet(Collection<RuleDefinition> active, Collection<RuleDefinition> draining) {
        this.active = List.copyOf(active);
        for (RuleDefinition d : active) {
            CompiledRule c = add(d);
            if (activeById.put(d.id(), c) != null) throw new IllegalArgumentException("two active versions of rule " + d.id());
            int t = d.entry().type().ordinal();
            if (d.entry().name() == null) {
                if (entryAnyName[t] == null) entryAnyName[t] = new ArrayList<>();
                entryAnyName[t].add(c);
            } else {
                if (entryByName[t] == null) entryByName[t] = new HashMap<>();
                entryByName[t].computeIfAbsent(d.entry().name(), k -> new ArrayList<>()).add(c);
            }
        }
        for (RuleDefinition d : draining) {
            if (version(d.id(), d.version()) == null) add(d);
        }
    }

    private CompiledRule add(RuleDefinition d) {
        CompiledRule c = new CompiledRule(d);
        byId.computeIfAbsent(d.id(), k -> new ArrayList<>()).add(c);
        interest.addAll(c.interest());
        return c;
    }

    public static RuleSet of(Collection<RuleDefinition> active) {
        return new RuleSet(active, List.of());
    }

    public static RuleSet of(Collection<RuleDefinition> active, Collection<RuleDefinition> draining) {
        return new RuleSet(active, draining);
    }

    public List<RuleDefinition> active() {
        return active;
    }

    /** Is any rule interested in this event? When not, the processor need not load the person's rule state. */
    public boolean interestedIn(Event e) {
        // the type first: reading the name is a lookup in the event body
        return interest.mayContain(e.type()) && interest.contains(e.type(), e.name());
    }

    boolean interested(EventType type, String name) {
        return interest.contains(type, name);
    }

    CompiledRule version(String id, int version) {
        List<CompiledRule> versions = byId.get(id);
        if (versions == null) return null;
        for (CompiledRule c : versions) if (c.def.version() == version) return c;
        return null;
    }

    CompiledRule activeVersion(String id) {
        return activeById.get(id);
    }

    private static final List<CompiledRule> NONE = List.of();

    /** Active rules whose entry listens to events with this exact name. */
    List<CompiledRule> entryByName(EventType type, String name) {
        Map<String, List<CompiledRule>> m = entryByName[type.ordinal()];
        if (m == null || name == null) return NONE;
        List<CompiledRule> l = m.get(name);
        return l == null ? NONE : l;
    }

    /** Active rules whose entry listens to any name of this type. */
    List<CompiledRule> entryAnyName(EventType type) {
        List<CompiledRule> l = entryAnyName[type.ordinal()];
        return l == null ? NONE : l;
    }
}
