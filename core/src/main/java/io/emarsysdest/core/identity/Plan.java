package io.emarsysdest.core.identity;

import java.util.List;

/**
 * The planner's decision for one event, before anything is stored.
 *
 * @param resolved    false when no usable identifier was left (all blocked)
 * @param target      the person the event belongs to, or null for a new person
 * @param losers      persons to merge into the target, in order
 * @param attach      identifiers to store for the target
 * @param held        identifiers of the event the target (after merges) already holds
 * @param newKey      the primary key that becomes the target's current key, or null when it does not change
 * @param retireOld   true when the target's current key becomes a previous key (an e-mail change)
 * @param unretireNew true when {@code newKey} was a previous key of the target and becomes current again
 * @param dropped     identifiers that linked nothing, with reasons
 * @param mergeReason the event fields that joined the merged persons
 */
public record Plan(boolean resolved, PersonState target, List<PersonState> losers, List<EventIdentifier> attach,
                   List<Match> held, Identifier newKey, boolean retireOld, boolean unretireNew,
                   List<DroppedIdentifier> dropped, String mergeReason) {

    static Plan unresolved(List<DroppedIdentifier> dropped) {
        return new Plan(false, null, List.of(), List.of(), List.of(), null, false, false, List.copyOf(dropped), null);
    }

    public boolean isNewPerson() {
        return resolved && target == null;
    }
}
