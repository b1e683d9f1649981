package io.emarsysdest.core.rules;

import io.emarsysdest.core.condition.Condition;

import java.util.List;

/**
 * Conditions on the person, checked when an instance would start.
 *
 * @param traits         predicates on the merged traits (paths relative to the traits object, e.g. {@code email})
 * @param inAudiences    audiences the person must be in (all of them)
 * @param notInAudiences audiences the person must not be in
 */
public record PersonCondition(Condition traits, List<String> inAudiences, List<String> notInAudiences) {
    public static final PersonCondition NONE = new PersonCondition(Condition.ALWAYS, List.of(), List.of());

    public PersonCondition {
        inAudiences = List.copyOf(inAudiences);
        notInAudiences = List.copyOf(notInAudiences);
    }

    public boolean test(PersonContext person) {
        if (!traits.test(person.traits())) return false;
        for (String a : inAudiences) if (!person.audiences().contains(a)) return false;
        for (String a : notInAudiences) if (person.audiences().contains(a)) return false;
        return true;
    }
}
