package io.emarsysdest.core.rules;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * All rule state of one person: live instances and re-entry memories. Immutable; the engine returns a new one.
 * Bounded by {@link RuleLimits#maxLiveInstancesPerPerson()} and {@link RuleLimits#maxMemoriesPerPerson()}.
 */
public record PersonRuleState(String personId, List<RuleInstance> instances, List<RuleMemory> memories) {

    public PersonRuleState {
        Objects.requireNonNull(personId, "personId");
        instances = List.copyOf(instances);
        memories = List.copyOf(memories);
    }

    public static PersonRuleState empty(String personId) {
        return new PersonRuleState(personId, List.of(), List.of());
    }

    public boolean isEmpty() {
        return instances.isEmpty() && memories.isEmpty();
    }

    public RuleMemory memory(String ruleId, String key) {
        for (RuleMemory m : memories) if (m.same(ruleId, key)) return m;
        return null;
    }

    /** The timers this state needs: one per live instance. */
    public List<RuleTimer> timers() {
        List<RuleTimer> out = new ArrayList<>(instances.size());
        for (RuleInstance i : instances) {
            if (i.dueAt() != null) out.add(new RuleTimer(personId, i.ruleId(), i.instanceId(), i.version(), i.deadline(), i.dueAt()));
        }
        return out;
    }
}
