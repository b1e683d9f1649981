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
}
