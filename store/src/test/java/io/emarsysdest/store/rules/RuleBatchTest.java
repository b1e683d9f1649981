package io.emarsysdest.store.rules;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.RuleAction;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.emarsysdest.store.rules.JdbcRuleStoreTest.BROWSE;
import static io.emarsysdest.store.rules.JdbcRuleStoreTest.JSON;
import static io.emarsysdest.store.rules.JdbcRuleStoreTest.T0;
import static io.emarsysdest.store.rules.JdbcRuleStoreTest.rule;
import static io.emarsysdest.store.rules.JdbcRuleStoreTest.view;
import static org.assertj.core.api.Assertions.assertThat;

/** The processor's rules step over the store: events, a merge, then the timer firing in a later transaction. */
class RuleBatchTest {
    @TempDir
    Path dir;

    @Test
    void anonymous_browsing_fires_for_the_known_person_after_login_through_durable_timers() throws Exception {
        String url = TestDb.migrate(dir);
        RuleEngine engine = new RuleEngine();
        RuleSet rules = RuleSet.of(List.of(rule(BROWSE)));
        try (Connection tx = TestDb.open(url)) {
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules);
            Event noise = new Event(0, "x1", EventType.TRACK, null, "a1", T0, T0, null, T0,
                    (ObjectNode) JSON.readTree("{\"type\":\"track\",\"event\":\"Irrelevant\"}"));
            assertThat(batch.interestedIn(noise)).isFalse();
            assertThat(batch.onEvent(PersonContext.of("anon"), noise, T0)).isEmpty();
            batch.onEvent(PersonContext.of("anon"), view("m1", "sku-1", T0), T0);
            assertThat(batch.flush(T0)).contains(T0.plus(Duration.ofMinutes(130)));
            tx.commit();
        }
        try (Connection tx = TestDb.open(url)) {
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules);
            batch.preload(List.of("anon", "known"));
            batch.onMerge("anon", PersonContext.of("known"), T0.plusSeconds(600));
            batch.flush(T0.plusSeconds(600));
            tx.commit();
            JdbcRuleStateStore repo = new JdbcRuleStateStore(tx);
            assertThat(repo.timersOf("anon")).isEmpty();
            assertThat(repo.timersOf("known")).hasSize(1);
            assertThat(repo.load("anon").isEmpty()).isTrue();
        }
        Instant later = T0.plus(Duration.ofHours(3));
        List<RuleAction> outbox = new ArrayList<>();
        try (Connection tx = TestDb.open(url)) {
            List<RuleTimer> due = new JdbcRuleStateStore(tx).claimDue(later, 100, Duration.ofMinutes(1));
            tx.commit();
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules);
            for (RuleTimer t : due) outbox.addAll(batch.onTimer(PersonContext.of(t.personId()), t, later));
            assertThat(batch.flush(later)).isEmpty();
            tx.commit();
            assertThat(new JdbcRuleStateStore(tx).pendingTimers()).isZero();
        }
        assertThat(outbox).singleElement().satisfies(a -> {
            assertThat(a.personId()).isEqualTo("known");
            assertThat(a.triggerId()).isEqualTo("abandoned-browse:1:sku-1:m1");
        });
    }
}
