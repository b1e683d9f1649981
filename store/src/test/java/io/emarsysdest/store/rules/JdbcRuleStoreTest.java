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

/** The rule definitions store, run against every database (see the subclasses; rule states and timers: RuleStateStoreContract). */
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
    void a_batch_adds_its_entries_to_the_rules_figures_and_live_instances_are_its_timers() throws Exception {
        RuleSet rules = RuleSet.of(List.of(rule(BROWSE)));
        RuleEngine engine = new RuleEngine(io.emarsysdest.core.rules.RuleLimits.DEFAULT, false);
        try (Connection c = open()) {
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(c), engine, rules);
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
