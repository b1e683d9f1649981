package io.emarsysdest.core.identity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The pure decision of identity resolution (flat matching, as Segment Unify does): find the persons the event's
 * identifiers point to; none → a new person, one → attach what is new, several → merge. When linking would give a
 * person more identifiers of a type than the limits allow, the event's weakest identifier is dropped and matching
 * is retried, so a shared device never joins two known users. Past the caps nothing merges but events still resolve.
 */
public final class ResolutionPlanner {
    private static final IdType[] TYPES = IdType.values();

    private final IdentitySettings settings;

    public ResolutionPlanner(IdentitySettings settings) {
        this.settings = settings;
    }

    /**
     * @param event   the event's identifiers, strongest first
     * @param matches for each identifier of the event that is already stored, where it points; others are absent
     */
    public Plan plan(ExtractedEvent event, Map<EventIdentifier, Match> matches) {
        List<EventIdentifier> remaining = new ArrayList<>(event.ids());
        List<DroppedIdentifier> dropped = new ArrayList<>(event.blocked());
        while (!remaining.isEmpty()) {
            Map<Long, PersonState> persons = new LinkedHashMap<>(4);
            for (EventIdentifier id : remaining) {
                Match m = matches.get(id);
                if (m != null) persons.putIfAbsent(m.person().id(), m.person());
            }
            PersonState winner = chooseWinner(persons.values());

            if (persons.size() > 1 && passesCaps(persons.values())) {
                // too big to merge: stay with the winner, the others keep their identifiers
                for (int i = remaining.size() - 1; i >= 0; i--) {
                    Match m = matches.get(remaining.get(i));
                    if (m != null && m.person().id() != winner.id()) {
                        dropped.add(new DroppedIdentifier(remaining.get(i).source(), remaining.get(i).id().raw(),
                                DropReason.MERGE_CAP, m.person().id()));
                        remaining.remove(i);
                    }
                }
                continue;
            }

            List<EventIdentifier> fresh = new ArrayList<>(remaining.size());
            List<Match> held = new ArrayList<>(remaining.size());
            for (EventIdentifier id : remaining) {
                Match m = matches.get(id);
                if (m == null) fresh.add(id);
                else held.add(m);
            }
            // a person holding the maximum number of identifiers takes no new ones (it still resolves)
            int total = 0;
            for (PersonState p : persons.values()) total += p.identifiers();
            while (!fresh.isEmpty() && total + fresh.size() > settings.maxIdentifiersPerPerson()) {
                EventIdentifier cut = fresh.remove(fresh.size() - 1);
                remaining.remove(cut);
                dropped.add(new DroppedIdentifier(cut.source(), cut.id().raw(), DropReason.IDENTIFIER_CAP, null));
            }

            KeyChange key = keyChange(event, remaining, matches, winner);
            int[] after = new int[TYPES.length];
            int[] most = new int[TYPES.length];
            for (PersonState p : persons.values()) {
                for (IdType t : TYPES) {
                    after[t.ordinal()] += p.count(t);
                    most[t.ordinal()] = Math.max(most[t.ordinal()], p.count(t));
                }
            }
            for (EventIdentifier f : fresh) after[f.source().storedAs().ordinal()]++;
            after[IdType.PRIMARY_KEY.ordinal()] += (key.unretire ? 1 : 0) - (key.retireOld ? 1 : 0);

            IdType broken = null;
            for (IdType t : TYPES) {
                // a person already over a limit (limits tightened later) keeps resolving; it only may not grow
                if (after[t.ordinal()] > settings.limitOf(t) && after[t.ordinal()] > most[t.ordinal()]) {
                    broken = t;
                    break;
                }
            }
            if (broken != null) {
                EventIdentifier weakest = remaining.remove(remaining.size() - 1);
                Match m = matches.get(weakest);
                dropped.add(new DroppedIdentifier(weakest.source(), weakest.id().raw(), DropReason.limitOf(broken),
                        m == null ? null : m.person().id()));
                continue;
            }

            List<PersonState> losers = new ArrayList<>(persons.size());
            for (PersonState p : persons.values()) if (winner != null && p.id() != winner.id()) losers.add(p);
            return new Plan(true, winner, losers, fresh, held, key.newKey, key.retireOld, key.unretire,
                    List.copyOf(dropped), losers.isEmpty() ? null : mergeReason(remaining, matches));
        }
        return Plan.unresolved(dropped);
    }

    private boolean passesCaps(Iterable<PersonState> persons) {
        int merges = -1;
        int identifiers = 0;
        for (PersonState p : persons) {
            merges += p.mergeCount() + 1;
            identifiers += p.identifiers();
        }
        return merges > settings.maxMergesPerPerson() || identifiers > settings.maxIdentifiersPerPerson();
    }

    /** The person holding a primary key, else the oldest; among key holders, the oldest. */
    static PersonState chooseWinner(Iterable<PersonState> persons) {
        PersonState best = null;
        for (PersonState p : persons) {
            if (best == null) best = p;
            else if (p.isContact() != best.isContact()) {
                if (p.isContact()) best = p;
            } else if (p.isOlderThan(best)) best = p;
        }
        return best;
    }

    private record KeyChange(Identifier newKey, boolean retireOld, boolean unretire) {
        static final KeyChange NONE = new KeyChange(null, false, false);
    }

    /**
     * Whether the event's primary key becomes the person's current key: always when the person has none yet;
     * otherwise (an e-mail change) only when the event also carries a userId the person already holds and the event
     * is not older than the current key.
     */
    private static KeyChange keyChange(ExtractedEvent event, List<EventIdentifier> remaining,
                                       Map<EventIdentifier, Match> matches, PersonState winner) {
        EventIdentifier key = null;
        boolean userProof = false;
        for (EventIdentifier id : remaining) {
            if (id.source() == IdSource.PRIMARY_KEY) key = id;
            if (id.source() == IdSource.USER_ID && matches.containsKey(id)) userProof = true;
        }
        if (key == null) return KeyChange.NONE;
        Match km = matches.get(key);
        boolean wasPrevious = km != null && km.record().previous();
        String current = winner == null ? null : winner.primaryKeyNorm();
        if (current == null) return new KeyChange(key.id(), false, wasPrevious);
        if (current.equals(key.id().norm())) return KeyChange.NONE;
        boolean changes = userProof && (winner.primaryKeySetAt() == null || !event.at().isBefore(winner.primaryKeySetAt()));
        return changes ? new KeyChange(key.id(), true, wasPrevious) : KeyChange.NONE;
    }

    private static String mergeReason(List<EventIdentifier> remaining, Map<EventIdentifier, Match> matches) {
        StringJoiner j = new StringJoiner("+");
        for (EventIdentifier id : remaining) {
            Match m = matches.get(id);
            if (m != null) j.add(id.source() == IdSource.PREVIOUS_ID ? "previousId" : id.id().type().wireName());
        }
        return j.toString();
    }
}
