package io.emarsysdest.store.rules;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleAction;
import io.emarsysdest.core.rules.RuleDefinition;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.StepResult;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The rules store contract, run against every database (see the subclasses). */
abstract class JdbcRuleStoreTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final String BROWSE = """
            {"id":"abandoned-browse","name":"Abandoned browse",
             "entry":{"event":{"type":"track","name":"Product Viewed"},"correlateBy":"properties.product_id"},
             "steps":[{"id":"no_order","kind":"absence","within":{"duration":"PT2H","from":"entry"},
                       "event":{"type":"track","name":"Order Completed"}}],
             "time":{"grace":"PT10M"},
             "action":{"externalEvent":"abandoned_browse","data":{"product":"{{entry.properties.name}}"}}}
            """;

    /** A new connection (autocommit off) to a freshly migrated database, the same one on every call of a test. */
    abstract Connection open() throws java.sql.SQLException;

    static RuleDefinition rule(String json) throws Exception {
        RuleParser.Parsed p = new RuleParser().parse(JSON.readTree(json));
        assertThat(p.problems()).isEmpty();
        return p.rule();
    }

    static Event view(String messageId, String product, Instant at) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree("{\"type\":\"track\",\"event\":\"Product Viewed\",\"properties\":{\"product_id\":\""
                + product + "\",\"name\":\"Boots\"}}");
        return new Event(0, messageId, EventType.TRACK, "u1", null, at, at, null, at, body);
    }

    @Test
    void rule_versions_go_from_draft_to_published_and_live_instances_keep_theirs() throws Exception {
        try (Connection c = open()) {
            JdbcRuleRepository repo = new JdbcRuleRepository(c);
            assertThat(repo.saveDraft(rule(BROWSE), T0).version()).isEqualTo(1);
            assertThat(repo.saveDraft(rule(BROWSE.replace("PT10M", "PT5M")), T0).version()).isEqualTo(1); // still the draft
            assertThat(repo.loadRuleSet(new RuleParser()).active()).isEmpty();
            assertThat(repo.get("abandoned-browse").orElseThrow().activeVersion()).as("a draft-only rule has no active version").isNull();

            assertThat(repo.publish("abandoned-browse", T0).status()).isEqualTo("published");
            assertThat(repo.saveDraft(rule(BROWSE), T0.plusSeconds(1)).version()).isEqualTo(2);
            assertThat(repo.get("abandoned-browse").orElseThrow())
                    .satisfies(s -> {
                        assertThat(s.status()).isEqualTo("active");
                        assertThat(s.activeVersion()).isEqualTo(1);
                        assertThat(s.hasDraft()).isTrue();
                    });
            assertThat(repo.version("abandoned-browse", 1).orElseThrow().definition().path("time").path("grace").asText()).isEqualTo("PT5M");

            repo.publish("abandoned-browse", T0.plusSeconds(2));
            RuleSet set = repo.loadRuleSet(new RuleParser());
            assertThat(set.active()).extracting(RuleDefinition::version).containsExactly(2);
            // version 1 still drains: an instance that started on it fires on it
            RuleSet whileV1WasActive = RuleSet.of(List.of(rule(BROWSE)));
            PersonRuleState onV1 = new RuleEngine().onEvent(whileV1WasActive, PersonRuleState.empty("p"), PersonContext.of("p"),
                    view("m1", "a", T0), T0).state();
            assertThat(new RuleEngine().onTimer(set, onV1, PersonContext.of("p"), onV1.timers().get(0), T0.plus(Duration.ofHours(3))).actions())
                    .extracting(RuleAction::version).containsExactly(1);

            assertThat(repo.deactivate("abandoned-browse", T0.plusSeconds(3))).isTrue();
            assertThat(repo.loadRuleSet(new RuleParser()).active()).isEmpty();
            assertThat(repo.versions("abandoned-browse")).extracting(JdbcRuleRepository.RuleVersion::status).containsExactly("published", "published");
        }
    }

    @Test
    void states_load_in_batches_and_timers_follow_the_engine() throws Exception {
        RuleSet rules = RuleSet.of(List.of(rule(BROWSE)));
        RuleEngine engine = new RuleEngine();
        try (Connection c = open()) {
            JdbcRuleStateRepository repo = new JdbcRuleStateRepository(c);
            Map<String, PersonRuleState> states = repo.load(List.of("p1", "p2"));
            assertThat(states.get("p1").isEmpty()).isTrue();
            StepResult r = engine.onEvent(rules, states.get("p1"), PersonContext.of("p1"), view("m1", "a", T0), T0);
            repo.apply(r, T0);
            repo.apply(engine.onEvent(rules, r.state(), PersonContext.of("p1"), view("m2", "b", T0), T0), T0);
            c.commit();

            PersonRuleState loaded = repo.load(List.of("p1", "p2")).get("p1");
            assertThat(loaded.instances()).hasSize(2);
            assertThat(repo.timersOf("p1")).hasSize(2).allSatisfy(t -> assertThat(t.dueAt()).isEqualTo(T0.plus(Duration.ofMinutes(130))));

            Event order = new Event(0, "o1", EventType.TRACK, "u1", null, T0.plusSeconds(60), T0, null, T0.plusSeconds(60),
                    (ObjectNode) JSON.readTree("{\"type\":\"track\",\"event\":\"Order Completed\",\"properties\":{\"product_id\":\"a\"}}"));
            repo.apply(engine.onEvent(rules, loaded, PersonContext.of("p1"), order, T0.plusSeconds(60)), T0.plusSeconds(60));
            assertThat(repo.timersOf("p1")).extracting(RuleTimer::instanceId).containsExactly("m2");
        }
    }

    @Test
    void due_timers_are_claimed_once_per_lease_earliest_first() throws Exception {
        try (Connection c = open()) {
            JdbcRuleStateRepository repo = new JdbcRuleStateRepository(c);
            repo.applyTimers(List.of(
                    new RuleTimer("p1", "r", "i2", 1, T0.plusSeconds(20), T0.plusSeconds(20)),
                    new RuleTimer("p1", "r", "i1", 1, T0.plusSeconds(10), T0.plusSeconds(10)),
                    new RuleTimer("p2", "r", "i3", 1, T0.plusSeconds(99), T0.plusSeconds(99))), List.of());
            JdbcDueTimers due = new JdbcDueTimers(c);
            assertThat(due.nextDueAt(T0)).contains(T0.plusSeconds(10));

            List<RuleTimer> claimed = due.claimDue(T0.plusSeconds(30), 10, Duration.ofSeconds(60));
            assertThat(claimed).extracting(RuleTimer::instanceId).containsExactly("i1", "i2");
            assertThat(due.claimDue(T0.plusSeconds(31), 10, Duration.ofSeconds(60))).isEmpty();
            assertThat(due.nextDueAt(T0.plusSeconds(31))).contains(T0.plusSeconds(99));

            assertThat(repo.timerFired(claimed.get(0))).isTrue();
            // i2 was replaced by a later deadline before its fire was applied: the fire must not delete the new timer
            repo.applyTimers(List.of(new RuleTimer("p1", "r", "i2", 1, T0.plusSeconds(500), T0.plusSeconds(500))), List.of());
            assertThat(repo.timerFired(claimed.get(1))).isFalse();
            assertThat(repo.timersOf("p1")).extracting(RuleTimer::dueAt).containsExactly(T0.plusSeconds(500));

            // a claim whose processing never finished comes back when the lease ends
            List<RuleTimer> again = due.claimDue(T0.plusSeconds(200), 10, Duration.ofSeconds(60));
            assertThat(again).extracting(RuleTimer::instanceId).containsExactly("i3");
            assertThat(due.claimDue(T0.plusSeconds(261), 10, Duration.ofSeconds(60))).extracting(RuleTimer::instanceId).containsExactly("i3");
            assertThat(due.pending()).isEqualTo(2);
        }
    }

    @Test
    void after_a_restart_overdue_timers_fire_once() throws Exception {
        RuleSet rules = RuleSet.of(List.of(rule(BROWSE)));
        RuleEngine engine = new RuleEngine();
        try (Connection c = open()) {
            JdbcRuleStateRepository repo = new JdbcRuleStateRepository(c);
            repo.apply(engine.onEvent(rules, repo.load("p1"), PersonContext.of("p1"), view("m1", "a", T0), T0), T0);
            c.commit();
            // the process claims the timer and dies before applying it
            new JdbcDueTimers(c).claimDue(T0.plus(Duration.ofHours(3)), 10, Duration.ofMinutes(5));
            c.commit();
        }
        Instant restart = T0.plus(Duration.ofHours(5));
        int fires = 0;
        try (Connection c = open()) {
            JdbcDueTimers due = new JdbcDueTimers(c);
            due.releaseClaims();
            for (int round = 0; round < 3; round++) {
                for (RuleTimer t : due.claimDue(restart.plusSeconds(round), 100, Duration.ofMinutes(5))) {
                    JdbcRuleStateRepository repo = new JdbcRuleStateRepository(c);
                    StepResult r = engine.onTimer(rules, repo.load(t.personId()), PersonContext.of(t.personId()), t, restart);
                    repo.timerFired(t);
                    repo.apply(r, restart);
                    fires += r.actions().size();
                }
                c.commit();
            }
            assertThat(fires).isEqualTo(1);
            assertThat(due.pending()).isZero();
            assertThat(new JdbcRuleStateRepository(c).load("p1").instances()).isEmpty();
        }
    }

    @Test
    void a_batch_adds_its_entries_to_the_rules_figures_and_live_instances_are_its_timers() throws Exception {
        RuleSet rules = RuleSet.of(List.of(rule(BROWSE)));
        RuleEngine engine = new RuleEngine(io.emarsysdest.core.rules.RuleLimits.DEFAULT, false);
        try (Connection c = open()) {
            RuleBatch batch = new RuleBatch(c, engine, rules);
            PersonContext p1 = new PersonContext("1", JSON.createObjectNode(), java.util.Set.of());
            PersonContext p2 = new PersonContext("2", JSON.createObjectNode(), java.util.Set.of());
            batch.onEvent(p1, view("m1", "sku-1", T0), T0);
            batch.onEvent(p2, view("m2", "sku-2", T0), T0);
            batch.flush(T0);
            batch.onEvent(p1, view("m3", "sku-3", T0.plusSeconds(5)), T0.plusSeconds(5));
            batch.flush(T0.plusSeconds(5)); // a second flush adds only what came after the first
            c.commit();
        }
        try (Connection c = open()) {
            JdbcRuleStats.Stats s = JdbcRuleStats.of(c, "abandoned-browse");
            assertThat(s.entered()).isEqualTo(3);
            assertThat(s.live()).isEqualTo(3);
            assertThat(s.fired()).isZero();
            assertThat(s.lastEntered()).isEqualTo(T0.plusSeconds(5));
            assertThat(s.lastFired()).isNull();
            assertThat(JdbcRuleStats.of(c, "never-ran")).isEqualTo(JdbcRuleStats.Stats.none("never-ran"));
        }
    }

    @Test
    void the_change_history_keeps_who_changed_what_newest_first() throws Exception {
        try (Connection c = open()) {
            io.emarsysdest.store.history.JdbcChangeHistory.record(c, new io.emarsysdest.store.history.JdbcChangeHistory.Change(
                    0, T0, "rule", "r1", "save", "admin key (console)", null, "{\"status\":\"draft\"}"));
            io.emarsysdest.store.history.JdbcChangeHistory.record(c, new io.emarsysdest.store.history.JdbcChangeHistory.Change(
                    0, T0.plusSeconds(1), "rule", "r1", "publish", "admin key (curl/8.5.0)", "{\"status\":\"draft\"}", "{\"status\":\"active\"}"));
            io.emarsysdest.store.history.JdbcChangeHistory.record(c, new io.emarsysdest.store.history.JdbcChangeHistory.Change(
                    0, T0, "audience", "vip", "delete", "admin key (console)", "{}", null));
            c.commit();
        }
        try (Connection c = open()) {
            var changes = io.emarsysdest.store.history.JdbcChangeHistory.list(c, "rule", "r1", 10);
            assertThat(changes).extracting(io.emarsysdest.store.history.JdbcChangeHistory.Change::action).containsExactly("publish", "save");
            assertThat(changes.get(0).actor()).isEqualTo("admin key (curl/8.5.0)");
            assertThat(changes.get(1).before()).isNull();
            assertThat(io.emarsysdest.store.history.JdbcChangeHistory.list(c, null, null, 2)).hasSize(2);
            var one = io.emarsysdest.store.history.JdbcChangeHistory.get(c, changes.get(0).id()).orElseThrow();
            assertThat(one.at()).isEqualTo(T0.plusSeconds(1));
            assertThat(io.emarsysdest.store.history.JdbcChangeHistory.get(c, 999_999)).isEmpty();
        }
    }
}
