package io.emarsysdest.core.identity;

import io.emarsysdest.core.event.Event;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves events to persons against a {@link PersonRepository}: extract identifiers, look them up, plan
 * ({@link ResolutionPlanner}), then store the decision. Events of one person must be resolved in order by one
 * caller at a time. Stateless and thread-safe itself; the repository is not.
 */
public final class IdentityResolver {
    private final IdentitySettings settings;
    private final IdentifierExtractor extractor;
    private final ResolutionPlanner planner;
    private final Duration seenResolution;

    public IdentityResolver(IdentitySettings settings) {
        var problems = settings.validate();
        if (!problems.isEmpty()) throw new io.emarsysdest.core.validation.ValidationException("identity settings", problems);
        this.settings = settings;
        this.extractor = new IdentifierExtractor(settings);
        this.planner = new ResolutionPlanner(settings);
        this.seenResolution = settings.seenResolution();
    }

    public IdentitySettings settings() {
        return settings;
    }

    public IdentifierExtractor extractor() {
        return extractor;
    }

    public List<Resolution> resolveAll(List<Event> events, PersonRepository repo) {
        List<Resolution> out = new ArrayList<>(events.size());
        for (Event e : events) out.add(resolve(extractor.extract(e), repo));
        return out;
    }

    public Resolution resolve(Event event, PersonRepository repo) {
        return resolve(extractor.extract(event), repo);
    }

    public Resolution resolve(ExtractedEvent event, PersonRepository repo) {
        return apply(event, planner.plan(event, lookup(event, repo)), repo);
    }

    private static Map<EventIdentifier, Match> lookup(ExtractedEvent event, PersonRepository repo) {
        Map<EventIdentifier, Match> matches = new HashMap<>(8);
        long lastId = 0;
        PersonState last = null;
        for (EventIdentifier id : event.ids()) {
            IdentityRecord r = repo.findIdentity(id.id().key());
            if (r == null && id.source() == IdSource.PREVIOUS_ID) {
                r = repo.findIdentity(new IdKey(IdType.USER_ID, id.id().norm()));
            }
            if (r == null) continue;
            // an event's identifiers mostly belong to one person: looked up once (nothing is written meanwhile)
            PersonState p = last != null && r.personId() == lastId ? last : repo.find(r.personId());
            lastId = r.personId();
            last = p;
            if (p != null) matches.put(id, new Match(r, p));
        }
        return matches;
    }

    private Resolution apply(ExtractedEvent event, Plan plan, PersonRepository repo) {
        if (!plan.resolved()) return Resolution.unresolved(plan.dropped());
        Instant at = event.at();
        boolean isNew = plan.isNewPerson();
        PersonState p = isNew ? PersonState.draft(at) : plan.target();
        boolean wasContact = p.isContact();

        List<Merge> merges = plan.losers().isEmpty() ? List.of() : new ArrayList<>(plan.losers().size());
        for (PersonState loser : plan.losers()) {
            p = combine(p, loser);
            repo.merge(new MergeRecord(p.id(), loser.id(), plan.mergeReason(), event.messageId(), event.offset(), at));
            merges.add(new Merge(p.id(), loser.id()));
        }

        int users = p.userIds(), keys = p.primaryKeys(), anons = p.anonymousIds(), ids = p.identifiers();
        for (EventIdentifier id : plan.attach()) {
            switch (id.source().storedAs()) {
                case USER_ID -> users++;
                case PRIMARY_KEY -> keys++;
                case ANONYMOUS_ID -> anons++;
            }
            ids++;
        }
        String keyNorm = p.primaryKeyNorm(), keyRaw = p.primaryKeyRaw(), previousRaw = null;
        Instant keySetAt = p.primaryKeySetAt();
        if (plan.newKey() != null) {
            if (plan.retireOld()) {
                previousRaw = keyRaw;
                keys--;
            }
            if (plan.unretireNew()) keys++;
            keyNorm = plan.newKey().norm();
            keyRaw = plan.newKey().raw();
            keySetAt = at;
        }
        TraitMerge.Merged traits = TraitMerge.apply(p.traits(), p.traitTimes(), event.traits(), at);
        Instant first = at.isBefore(p.firstSeen()) ? at : p.firstSeen();
        Instant last = at.isAfter(p.lastSeen()) ? at : p.lastSeen();
        PersonState next = new PersonState(p.id(), first, last, keyNorm, keyRaw, keySetAt, traits.traits(), traits.times(),
                p.mergeCount(), users, keys, anons, ids);

        if (isNew) next = repo.create(next);
        else repo.save(next);
        long personId = next.id();
        for (EventIdentifier id : plan.attach()) repo.attach(personId, id.id(), at);
        if (plan.retireOld()) repo.setPrevious(new IdKey(IdType.PRIMARY_KEY, p.primaryKeyNorm()), true);
        if (plan.unretireNew()) repo.setPrevious(plan.newKey().key(), false);
        for (Match m : plan.held()) {
            if (Duration.between(m.record().lastSeen(), at).compareTo(seenResolution) >= 0) repo.touch(m.record().id().key(), at);
        }
        return new Resolution(personId, isNew, keyRaw, keyNorm, previousRaw, next.traits(), !wasContact && next.isContact(),
                merges, first, last, plan.dropped());
    }

    /** The winner after taking in the loser: traits by time, widest seen times, the winner's key (else the loser's), summed counts. */
    static PersonState combine(PersonState w, PersonState l) {
        TraitMerge.Merged traits = TraitMerge.combine(w.traits(), w.traitTimes(), l.traits(), l.traitTimes());
        boolean keyFromLoser = w.primaryKeyNorm() == null && l.primaryKeyNorm() != null;
        return new PersonState(w.id(),
                l.firstSeen().isBefore(w.firstSeen()) ? l.firstSeen() : w.firstSeen(),
                l.lastSeen().isAfter(w.lastSeen()) ? l.lastSeen() : w.lastSeen(),
                keyFromLoser ? l.primaryKeyNorm() : w.primaryKeyNorm(),
                keyFromLoser ? l.primaryKeyRaw() : w.primaryKeyRaw(),
                keyFromLoser ? l.primaryKeySetAt() : w.primaryKeySetAt(),
                traits.traits(), traits.times(),
                w.mergeCount() + l.mergeCount() + 1,
                w.userIds() + l.userIds(), w.primaryKeys() + l.primaryKeys(), w.anonymousIds() + l.anonymousIds(),
                w.identifiers() + l.identifiers());
    }
}
