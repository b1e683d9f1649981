package io.emarsysdest.store.rules;

import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.List;

import static io.emarsysdest.store.rules.JdbcRuleStoreTest.BROWSE;
import static io.emarsysdest.store.rules.JdbcRuleStoreTest.T0;
import static io.emarsysdest.store.rules.JdbcRuleStoreTest.rule;
import static io.emarsysdest.store.rules.JdbcRuleStoreTest.view;
import static org.assertj.core.api.Assertions.assertThat;

/** Rule states kept between the processor's transactions: only what is committed, dropped on rollback or outside change. */
class RuleStateCacheTest {
    @TempDir
    Path dir;

    private final RuleEngine engine = new RuleEngine();
    private final RuleStateCache cache = new RuleStateCache(100);

    private RuleSet rules() throws Exception {
        return RuleSet.of(List.of(rule(BROWSE)));
    }

    /** One batch: a product view by {@code person}, committed or rolled back. */
    private void batch(String url, String person, String messageId, boolean commit) throws Exception {
        try (Connection tx = TestDb.open(url)) {
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules(), cache);
            batch.preload(List.of(person));
            batch.onEvent(PersonContext.of(person), view(messageId, "sku-1", T0), T0);
            batch.flush(T0);
            if (commit) {
                tx.commit();
                cache.afterCommit();
            } else {
                tx.rollback();
                cache.afterRollback();
            }
        }
    }

    private static PersonRuleState stored(String url, String person) throws Exception {
        try (Connection c = TestDb.open(url)) {
            return new JdbcRuleStateStore(c).load(person);
        }
    }

    @Test
    void aCommittedStateIsServedFromMemoryAndEqualsTheStoredOne() throws Exception {
        String url = TestDb.migrate(dir);
        batch(url, "p1", "m1", true);
        assertThat(cache.get("p1")).isNotNull().isEqualTo(stored(url, "p1"));
        assertThat(cache.get("p1").instances()).hasSize(1);
    }

    @Test
    void statesWrittenByATransactionThatRolledBackAreNotKept() throws Exception {
        String url = TestDb.migrate(dir);
        batch(url, "p1", "m1", true);
        batch(url, "p1", "m2", false);
        assertThat(cache.get("p1")).isNull();
        assertThat(stored(url, "p1").instances()).hasSize(1);
        batch(url, "p1", "m3", true); // reads the stored state again
        assertThat(cache.get("p1")).isEqualTo(stored(url, "p1"));
    }

    @Test
    void statesReadAreKeptEvenWhenEmpty() throws Exception {
        String url = TestDb.migrate(dir);
        try (Connection tx = TestDb.open(url)) {
            new RuleBatch(new JdbcRuleStateStore(tx), engine, rules(), cache).preload(List.of("nobody"));
            tx.commit();
            cache.afterCommit();
        }
        assertThat(cache.get("nobody")).isNotNull().satisfies(s -> assertThat(s.isEmpty()).isTrue());
    }

    @Test
    void anOutsideChangeIsSeenAfterInvalidate() throws Exception {
        String url = TestDb.migrate(dir);
        batch(url, "p1", "m1", true);
        try (Connection c = TestDb.open(url); PreparedStatement s = c.prepareStatement("DELETE FROM rule_state WHERE person_id = 'p1'")) {
            s.executeUpdate();
            c.commit();
        }
        cache.invalidate();
        try (Connection tx = TestDb.open(url)) {
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules(), cache);
            batch.preload(List.of("p1"));
            tx.commit();
            cache.afterCommit();
        }
        assertThat(cache.get("p1").isEmpty()).isTrue();
    }

    @Test
    void aTransactionThatNeverEndedIsForgottenByTheNextOne() throws Exception {
        String url = TestDb.migrate(dir);
        batch(url, "p1", "m1", true);
        try (Connection tx = TestDb.open(url)) {
            RuleBatch batch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules(), cache);
            batch.onEvent(PersonContext.of("p1"), view("m2", "sku-1", T0), T0);
            batch.flush(T0);
            tx.rollback(); // and nobody told the cache
        }
        try (Connection tx = TestDb.open(url)) {
            new RuleBatch(new JdbcRuleStateStore(tx), engine, rules(), cache);
            assertThat(cache.get("p1")).isNull();
            tx.rollback();
            cache.afterRollback();
        }
    }

    @Test
    void beyondItsCapacityItStartsAfresh() throws Exception {
        RuleStateCache small = new RuleStateCache(2);
        for (String p : List.of("a", "b", "c")) small.loaded(PersonRuleState.empty(p));
        small.afterCommit();
        assertThat(small.size()).isZero();
        RuleStateCache none = new RuleStateCache(0);
        none.loaded(PersonRuleState.empty("a"));
        none.written(PersonRuleState.empty("b"));
        none.afterCommit();
        assertThat(none.size()).isZero();
    }
}
