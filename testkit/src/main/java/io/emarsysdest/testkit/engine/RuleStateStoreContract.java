package io.emarsysdest.testkit.engine;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.engine.RuleStateStore;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.StepResult;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link RuleStateStore} must do: rule states that follow the engine, and the timer queue. */
public abstract class RuleStateStoreContract extends PortContract<RuleStateStore> {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    private static final String BROWSE = """
            {"id":"abandoned-browse","name":"Abandoned browse",
             "entry":{"event":{"type":"track","name":"Product Viewed"},"correlateBy":"properties.product_id"},
             "steps":[{"id":"no_order","kind":"absence","within":{"duration":"PT2H","from":"entry"},
                       "event":{"type":"track","name":"Order Completed"}}],
             "time":{"grace":"PT10M"},
             "action":{"externalEvent":"abandoned_browse","data":{"product":"{{entry.properties.name}}"}}}
            """;
    private final RuleEngine engine = new RuleEngine();
    private final RuleSet rules = RuleSet.of(List.of(parse(BROWSE)));

    private static io.emarsysdest.core.rules.RuleDefinition parse(String json) {
        try {
            RuleParser.Parsed p = new RuleParser().parse(JSON.readTree(json));
            assertThat(p.problems()).isEmpty();
            return p.rule();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Event track(String messageId, String name, String product, Instant at) {
        try {
            ObjectNode body = (ObjectNode) JSON.readTree("{\"type\":\"track\",\"event\":\"" + name + "\",\"properties\":{\"product_id\":\""
                    + product + "\",\"name\":\"Boots\"}}");
            return new Event(0, messageId, EventType.TRACK, "u1", null, at, at, null, at, body);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A product view of {@code person}, applied to the store as the processor does. */
    private StepResult view(RuleStateStore s, String person, String messageId, String product, Instant at) {
        StepResult r = engine.onEvent(rules, s.load(person), PersonContext.of(person), track(messageId, "Product Viewed", product, at), at);
        s.apply(r, at);
        return r;
    }

    /** What is stored of these persons, comparable: instance count and timers per person. */
    private static List<Object> stored(RuleStateStore s, String... persons) {
        return java.util.Arrays.stream(persons).map(p -> (Object) List.of(s.load(p).instances().size(), s.timersOf(p))).toList();
    }

    private static RuleTimer timer(String person, String instance, long dueSeconds) {
        return new RuleTimer(person, "r", instance, 1, T0.plusSeconds(dueSeconds), T0.plusSeconds(dueSeconds));
    }

    @Test
    void statesLoadTogetherAndTimersFollowTheEngine() {
        assertRollbackLeavesNothing(s -> view(s, "p1", "m1", "a", T0), s -> stored(s, "p1"));

        commit(s -> {
            Map<String, PersonRuleState> states = s.load(List.of("p1", "p2"));
            assertThat(states.get("p1").isEmpty()).isTrue();
            assertThat(states.get("p2").isEmpty()).as("a person without a stored state").isTrue();
            view(s, "p1", "m1", "a", T0);
            view(s, "p1", "m2", "b", T0);
        });

        commit(s -> {
            assertThat(s.load(List.of("p1", "p2")).get("p1").instances()).hasSize(2);
            assertThat(s.timersOf("p1")).hasSize(2).allSatisfy(t -> assertThat(t.dueAt()).isEqualTo(T0.plus(Duration.ofMinutes(130))));
            Event order = track("o1", "Order Completed", "a", T0.plusSeconds(60));
            s.apply(engine.onEvent(rules, s.load("p1"), PersonContext.of("p1"), order, T0.plusSeconds(60)), T0.plusSeconds(60));
        });
        assertThat(this.<List<RuleTimer>>committed(s -> s.timersOf("p1"))).extracting(RuleTimer::instanceId).containsExactly("m2");
    }

    @Test
    void anEmptyStateDeletesWhatWasStored() {
        commit(s -> view(s, "p1", "m1", "a", T0));
        assertRollbackLeavesNothing(s -> s.saveAll(List.of(PersonRuleState.empty("p1")), T0), s -> stored(s, "p1"));

        commit(s -> s.saveAll(List.of(PersonRuleState.empty("p1"), PersonRuleState.empty("p9")), T0));

        assertThat(this.<Boolean>committed(s -> s.load("p1").isEmpty())).isTrue();
    }

    @Test
    void dueTimersAreClaimedOncePerLeaseEarliestFirst() {
        commit(s -> s.applyTimers(List.of(timer("p1", "i2", 20), timer("p1", "i1", 10), timer("p2", "i3", 99)), List.of()));
        assertRollbackLeavesNothing(s -> s.claimDue(T0.plusSeconds(30), 10, Duration.ofSeconds(60)),
                s -> s.nextDueAt(T0.plusSeconds(30))); // a rolled-back claim leaves the timers unclaimed
        assertThat(this.<java.util.Optional<Instant>>committed(s -> s.nextDueAt(T0))).contains(T0.plusSeconds(10));

        List<RuleTimer> claimed = committed(s -> s.claimDue(T0.plusSeconds(30), 10, Duration.ofSeconds(60)));
        assertThat(claimed).extracting(RuleTimer::instanceId).containsExactly("i1", "i2");
        assertThat(this.<List<RuleTimer>>committed(s -> s.claimDue(T0.plusSeconds(31), 10, Duration.ofSeconds(60)))).isEmpty();
        assertThat(this.<java.util.Optional<Instant>>committed(s -> s.nextDueAt(T0.plusSeconds(31)))).contains(T0.plusSeconds(99));

        assertThat(this.<Boolean>committed(s -> s.timerFired(claimed.get(0)))).isTrue();
        assertThat(this.<Boolean>committed(s -> s.timerFired(claimed.get(0)))).as("fired already").isFalse();
        // i2 was replaced by a later deadline before its fire was applied: the fire must not delete the new timer
        commit(s -> s.applyTimers(List.of(timer("p1", "i2", 500)), List.of()));
        assertThat(this.<Boolean>committed(s -> s.timerFired(claimed.get(1)))).isFalse();
        assertThat(this.<List<RuleTimer>>committed(s -> s.timersOf("p1"))).extracting(RuleTimer::dueAt).containsExactly(T0.plusSeconds(500));

        // a claim whose processing never finished comes back when the lease ends
        assertThat(this.<List<RuleTimer>>committed(s -> s.claimDue(T0.plusSeconds(200), 10, Duration.ofSeconds(60)))).extracting(RuleTimer::instanceId).containsExactly("i3");
        assertThat(this.<List<RuleTimer>>committed(s -> s.claimDue(T0.plusSeconds(261), 10, Duration.ofSeconds(60)))).extracting(RuleTimer::instanceId).containsExactly("i3");
        assertThat(this.<Long>committed(RuleStateStore::pendingTimers)).isEqualTo(2);
    }

    @Test
    void aClaimTakesAtMostTheLimitAndATimerSetAgainIsNoLongerClaimed() {
        commit(s -> s.applyTimers(List.of(timer("p1", "i1", 10), timer("p1", "i2", 20), timer("p1", "i3", 30)), List.of()));

        assertThat(this.<List<RuleTimer>>committed(s -> s.claimDue(T0.plusSeconds(40), 2, Duration.ofMinutes(5)))).extracting(RuleTimer::instanceId).containsExactly("i1", "i2");
        commit(s -> s.applyTimers(List.of(timer("p1", "i1", 15)), List.of(timer("p1", "i3", 30).key())));

        assertThat(this.<List<RuleTimer>>committed(s -> s.claimDue(T0.plusSeconds(41), 10, Duration.ofMinutes(5)))).extracting(RuleTimer::instanceId).containsExactly("i1");
        assertThat(this.<List<RuleTimer>>committed(s -> s.timersOf("p1"))).extracting(RuleTimer::instanceId).containsExactly("i1", "i2");
    }

    @Test
    void afterARestartReleasedClaimsAreDueAtOnceAndFireOnce() {
        commit(s -> view(s, "p1", "m1", "a", T0));
        // the process claims the timer and dies before applying it
        commit(s -> s.claimDue(T0.plus(Duration.ofHours(3)), 10, Duration.ofMinutes(5)));
        Instant restart = T0.plus(Duration.ofHours(3)).plusSeconds(1);
        assertThat(this.<List<RuleTimer>>committed(s -> s.claimDue(restart, 10, Duration.ofMinutes(5)))).as("still claimed").isEmpty();

        assertThat(this.<Integer>committed(RuleStateStore::releaseClaims)).isEqualTo(1);
        int fires = 0;
        for (int round = 0; round < 3; round++) {
            Instant at = restart.plusSeconds(round);
            fires += committed(s -> {
                int n = 0;
                for (RuleTimer t : s.claimDue(at, 100, Duration.ofMinutes(5))) {
                    StepResult r = engine.onTimer(rules, s.load(t.personId()), PersonContext.of(t.personId()), t, restart);
                    s.timerFired(t);
                    s.apply(r, restart);
                    n += r.actions().size();
                }
                return n;
            });
        }
        assertThat(fires).isEqualTo(1);
        assertThat(this.<Long>committed(RuleStateStore::pendingTimers)).isZero();
        assertThat(this.<List<io.emarsysdest.core.rules.RuleInstance>>committed(s -> s.load("p1").instances())).isEmpty();
        assertThat(this.<java.util.Optional<Instant>>committed(s -> s.nextDueAt(restart))).isEmpty();
    }

    @Test
    void aPrivacyDeletionErasesTheStatesAndTimersOfItsPersonsOnly() {
        commit(s -> {
            view(s, "p1", "m1", "a", T0);
            view(s, "p2", "m2", "a", T0);
        });
        assertRollbackLeavesNothing(s -> s.erase(List.of("p1")), s -> stored(s, "p1", "p2"));

        commit(s -> s.erase(List.of("p1", "p7")));
        commit(s -> s.erase(List.of()));

        List<Object> left = committed(s -> stored(s, "p1", "p2"));
        assertThat(left.get(0)).isEqualTo(List.of(0, List.of()));
        assertThat(left.get(1)).isNotEqualTo(List.of(0, List.of()));
        assertThat(this.<Long>committed(RuleStateStore::pendingTimers)).isEqualTo(1);
    }
}
