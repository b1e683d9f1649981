package io.emarsysdest.core.rules;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

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
    private final Map<String, List<CompiledRule>> entryIndex = new HashMap<>();
    private final Map<String, CompiledRule> activeById = new HashMap<>();
    private final Set<String> interest = new HashSet<>();
    private final List<RuleDefinition> active;

    private RuleSet(Collection<RuleDefinition> active, Collection<RuleDefinition> draining) {
        this.active = List.copyOf(active);
        for (RuleDefinition d : active) {
            CompiledRule c = add(d);
            if (activeById.put(d.id(), c) != null) throw new IllegalArgumentException("two active versions of rule " + d.id());
            entryIndex.computeIfAbsent(d.entry().indexKey(), k -> new ArrayList<>()).add(c);
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

    /** The index key for a call type and name (null name = any name). */
    static String keyOf(EventType type, String name) {
        return name == null ? type.wireName() + "\u0000*" : type.wireName() + "\u0000" + name;
    }

    public List<RuleDefinition> active() {
        return active;
    }

    /** Is any rule interested in this event? When not, the processor need not load the person's rule state. */
    public boolean interestedIn(Event e) {
        return interested(keyOf(e.type(), e.name()), keyOf(e.type(), null));
    }

    boolean interested(String exactKey, String anyNameKey) {
        return interest.contains(exactKey) || interest.contains(anyNameKey);
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

    /** Active rules whose entry listens to these keys (exact name first, then any-name). */
    void entryCandidates(String exactKey, String anyNameKey, List<CompiledRule> out) {
        List<CompiledRule> a = entryIndex.get(exactKey);
        if (a != null) out.addAll(a);
        List<CompiledRule> b = entryIndex.get(anyNameKey);
        if (b != null) out.addAll(b);
    }
}
