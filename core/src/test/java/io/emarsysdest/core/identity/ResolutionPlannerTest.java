package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The pure decision, given what the store knows about the persons an event's identifiers point to. */
class ResolutionPlannerTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final ResolutionPlanner planner = new ResolutionPlanner(IdentitySettings.DEFAULTS);

    private static PersonState person(long id, Instant firstSeen, String key, int users, int anons) {
        return new PersonState(id, firstSeen, firstSeen, key, key, key == null ? null : firstSeen,
                JsonNodeFactory.instance.objectNode(), Map.of(), 0, users, key == null ? 0 : 1, anons,
                users + anons + (key == null ? 0 : 1));
    }

    private static EventIdentifier ev(IdSource source, String value) {
        return new EventIdentifier(source, new Identifier(source.storedAs(), value, value));
    }

    private static final class Scenario {
        final List<EventIdentifier> ids = new ArrayList<>();
        final Map<EventIdentifier, Match> matches = new HashMap<>();
        Instant at = T0.plusSeconds(3600);

        Scenario id(IdSource source, String value) {
            ids.add(ev(source, value));
            return this;
        }

        Scenario id(IdSource source, String value, PersonState holder) {
            EventIdentifier e = ev(source, value);
            ids.add(e);
            matches.put(e, new Match(new IdentityRecord(e.id(), holder.id(), holder.firstSeen(), holder.firstSeen(), false), holder));
            return this;
        }

        ExtractedEvent event() {
            return new ExtractedEvent(ids, List.of(), null, at, "m", 1);
        }
    }

    @Test
    public void noKnownIdentifierMeansANewPersonHoldingThemAll() {
        Scenario s = new Scenario().id(IdSource.USER_ID, "u").id(IdSource.PRIMARY_KEY, "k").id(IdSource.ANONYMOUS_ID, "a");
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.isNewPerson()).isTrue();
        assertThat(plan.attach()).hasSize(3);
        assertThat(plan.newKey().norm()).isEqualTo("k");
        assertThat(plan.dropped()).isEmpty();
    }

    @Test
    public void oneKnownPersonTakesTheNewIdentifiers() {
        PersonState p = person(7, T0, null, 0, 1);
        Scenario s = new Scenario().id(IdSource.USER_ID, "u").id(IdSource.ANONYMOUS_ID, "a", p);
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.target()).isEqualTo(p);
        assertThat(plan.losers()).isEmpty();
        assertThat(plan.attach()).extracting(e -> e.id().norm()).containsExactly("u");
        assertThat(plan.held()).hasSize(1);
    }

    @Test
    public void twoAnonymousPersonsMergeIntoTheOldest() {
        PersonState older = person(9, T0, null, 0, 1);
        PersonState newer = person(3, T0.plusSeconds(1), null, 0, 1);
        Scenario s = new Scenario().id(IdSource.ANONYMOUS_ID, "a", newer).id(IdSource.PREVIOUS_ID, "b", older);
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.target()).isEqualTo(older);
        assertThat(plan.losers()).containsExactly(newer);
        assertThat(plan.mergeReason()).isEqualTo("anonymousId+previousId");
    }

    @Test
    public void theKeyHolderWinsEvenWhenYounger() {
        PersonState anon = person(1, T0, null, 0, 1);
        PersonState contact = person(2, T0.plusSeconds(50), "k", 1, 0);
        Scenario s = new Scenario().id(IdSource.USER_ID, "u", contact).id(IdSource.ANONYMOUS_ID, "a", anon);
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.target()).isEqualTo(contact);
        assertThat(plan.losers()).containsExactly(anon);
    }

    @Test
    public void equalAgesAreBrokenByTheLowerId() {
        PersonState a = person(5, T0, null, 0, 1);
        PersonState b = person(4, T0, null, 0, 1);
        assertThat(ResolutionPlanner.chooseWinner(List.of(a, b))).isEqualTo(b);
        assertThat(ResolutionPlanner.chooseWinner(List.of(b, a))).isEqualTo(b);
    }

    @Test
    public void twoKnownUsersAreNeverMergedTheWeakestIdentifierIsDropped() {
        PersonState ann = person(1, T0, "ann", 1, 1);
        Scenario s = new Scenario().id(IdSource.USER_ID, "bob").id(IdSource.ANONYMOUS_ID, "tablet", ann);
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.isNewPerson()).isTrue();
        assertThat(plan.attach()).extracting(e -> e.id().norm()).containsExactly("bob");
        assertThat(plan.dropped()).containsExactly(new DroppedIdentifier(IdSource.ANONYMOUS_ID, "tablet", DropReason.LIMIT_USER_ID, 1L));
    }

    @Test
    public void twoContactsAreNotMergedThroughAnAnonymousId() {
        PersonState a = person(1, T0, "a@x", 0, 1);
        PersonState b = person(2, T0, "b@x", 0, 0);
        Scenario s = new Scenario().id(IdSource.PRIMARY_KEY, "b@x", b).id(IdSource.ANONYMOUS_ID, "dev", a);
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.target()).isEqualTo(b);
        assertThat(plan.losers()).isEmpty();
        assertThat(plan.dropped()).extracting(DroppedIdentifier::reason).containsExactly(DropReason.LIMIT_PRIMARY_KEY);
    }

    @Test
    public void aNewKeyWithTheHeldUserIdIsAKeyChange() {
        PersonState p = person(1, T0, "old", 1, 0);
        Scenario s = new Scenario().id(IdSource.USER_ID, "u", p).id(IdSource.PRIMARY_KEY, "new");
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.target()).isEqualTo(p);
        assertThat(plan.newKey().norm()).isEqualTo("new");
        assertThat(plan.retireOld()).isTrue();
        assertThat(plan.dropped()).isEmpty();
    }

    @Test
    public void aNewKeyWithoutAUserIdStartsAnotherPerson() {
        PersonState p = person(1, T0, "old", 0, 1);
        Scenario s = new Scenario().id(IdSource.PRIMARY_KEY, "new").id(IdSource.ANONYMOUS_ID, "a", p);
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.isNewPerson()).isTrue();
        assertThat(plan.newKey().norm()).isEqualTo("new");
        assertThat(plan.retireOld()).isFalse();
    }

    @Test
    public void anEventOlderThanTheCurrentKeyDoesNotChangeIt() {
        PersonState p = person(1, T0.plusSeconds(7200), "current", 1, 0);
        Scenario s = new Scenario().id(IdSource.USER_ID, "u", p).id(IdSource.PRIMARY_KEY, "stale");
        Plan plan = planner.plan(s.event(), s.matches);

        assertThat(plan.newKey()).isNull();
        assertThat(plan.dropped()).extracting(DroppedIdentifier::reason).containsExactly(DropReason.LIMIT_PRIMARY_KEY);
        assertThat(plan.target()).isEqualTo(p);
    }

    @Test
    public void higherLimitsLetAPersonHoldMoreUserIds() {
        ResolutionPlanner lenient = new ResolutionPlanner(IdentitySettings.DEFAULTS.withLimits(2, 1, 1000));
        PersonState p = person(1, T0, null, 1, 1);
        Scenario s = new Scenario().id(IdSource.USER_ID, "second").id(IdSource.ANONYMOUS_ID, "a", p);
        Plan plan = lenient.plan(s.event(), s.matches);

        assertThat(plan.target()).isEqualTo(p);
        assertThat(plan.attach()).extracting(e -> e.id().norm()).containsExactly("second");
    }

    @Test
    public void aPersonAlreadyOverATightenedLimitStillResolvesButDoesNotGrow() {
        PersonState p = person(1, T0, null, 2, 1);
        Scenario s = new Scenario().id(IdSource.USER_ID, "u1", p);
        assertThat(planner.plan(s.event(), s.matches).target()).isEqualTo(p);

        Scenario more = new Scenario().id(IdSource.USER_ID, "u3").id(IdSource.ANONYMOUS_ID, "a", p);
        assertThat(planner.plan(more.event(), more.matches).isNewPerson()).isTrue();
    }

    @Test
    public void pastTheMergeCapTheEventStaysWithTheWinnerAndNothingMerges() {
        ResolutionPlanner capped = new ResolutionPlanner(IdentitySettings.DEFAULTS.withCaps(2, 1000));
        PersonState big = new PersonState(1, T0, T0, null, null, null, JsonNodeFactory.instance.objectNode(), Map.of(),
                2, 0, 0, 3, 3);
        PersonState small = person(2, T0.plusSeconds(1), null, 0, 1);
        Scenario s = new Scenario().id(IdSource.ANONYMOUS_ID, "a", big).id(IdSource.PREVIOUS_ID, "b", small);
        Plan plan = capped.plan(s.event(), s.matches);

        assertThat(plan.target()).isEqualTo(big);
        assertThat(plan.losers()).isEmpty();
        assertThat(plan.dropped()).containsExactly(new DroppedIdentifier(IdSource.PREVIOUS_ID, "b", DropReason.MERGE_CAP, 2L));
    }

    @Test
    public void anEventWhoseIdentifiersWereAllBlockedIsUnresolved() {
        ExtractedEvent e = new ExtractedEvent(List.of(),
                List.of(new DroppedIdentifier(IdSource.ANONYMOUS_ID, "null", DropReason.BLOCKED, null)), null, T0, "m", 1);
        Plan plan = planner.plan(e, Map.of());

        assertThat(plan.resolved()).isFalse();
        assertThat(plan.dropped()).hasSize(1);
    }
}
