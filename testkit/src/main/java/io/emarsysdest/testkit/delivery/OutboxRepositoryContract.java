package io.emarsysdest.testkit.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.DeadLetter;
import io.emarsysdest.core.delivery.DeadLetterFilter;
import io.emarsysdest.core.delivery.DeadLetterPage;
import io.emarsysdest.core.delivery.DeadReason;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.core.delivery.OutboxRepository.DeadLettering;
import io.emarsysdest.core.delivery.OutboxRepository.Retry;
import io.emarsysdest.core.delivery.OutboxStats;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link OutboxRepository} adapter must do. Subclasses provide a fresh, migrated database per test.
 */
public abstract class OutboxRepositoryContract {
    protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    protected static final Duration LEASE = Duration.ofMinutes(2);

    /** A repository over a fresh, migrated database. */
    protected abstract OutboxRepository repository();

    /** Runs the work in one transaction on the same database and commits (or rolls back when asked). */
    protected abstract void inTransaction(boolean commit, TxWork work) throws Exception;

    @FunctionalInterface
    public interface TxWork {
        void run(Connection tx) throws Exception;
    }

    private int enqueue(Instant now, NewOutboxItem... items) throws Exception {
        int[] n = new int[1];
        inTransaction(true, tx -> n[0] = repository().enqueue(tx, List.of(items), now));
        return n[0];
    }

    private static ObjectNode fields(String field, String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put(field, value);
        return node;
    }

    private static NewOutboxItem upsert(String key, String person, String email) {
        return NewOutboxItem.upsert("acc", "3", email, fields("1", "n-" + key), key, person);
    }

    private static NewOutboxItem trigger(String key, String person, String email) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode();
        payload.put("trigger_id", key);
        return NewOutboxItem.trigger("acc", "3", email, "42", payload, key, person);
    }

    private List<String> claimKeys(Instant now) {
        return repository().claim("acc", now, LEASE, 100).stream().map(OutboxItem::idempotencyKey).toList();
    }

    @Test
    void enqueuedItemsBecomeVisibleOnlyWhenTheCallerCommits() throws Exception {
        inTransaction(false, tx -> repository().enqueue(tx, List.of(upsert("u1", "p1", "a@x")), T0));
        assertThat(repository().claim("acc", T0, LEASE, 10)).isEmpty();

        enqueue(T0, upsert("u1", "p1", "a@x"));
        assertThat(repository().claim("acc", T0, LEASE, 10)).singleElement().satisfies(item -> {
            assertThat(item.op()).isEqualTo(Operation.CONTACT_UPSERT);
            assertThat(item.keyField()).isEqualTo("3");
            assertThat(item.keyValue()).isEqualTo("a@x");
            assertThat(item.payload().toString()).isEqualTo("{\"1\":\"n-u1\"}");
            assertThat(item.personKey()).isEqualTo("p1");
            assertThat(item.createdAt()).isEqualTo(T0);
            assertThat(item.attempts()).isZero();
            assertThat(item.nextAttemptAt()).isEqualTo(T0.plus(LEASE));
        });
    }

    @Test
    void ignoresAnItemWhoseIdempotencyKeyIsAlreadyKnownEvenAfterDelivery() throws Exception {
        assertThat(enqueue(T0, upsert("u1", "p1", "a@x"), upsert("u1", "p1", "a@x"), upsert("u2", "p2", "b@x"))).isEqualTo(2);
        List<OutboxItem> claimed = repository().claim("acc", T0, LEASE, 10);
        repository().markDelivered(claimed.stream().map(OutboxItem::id).toList(), T0);

        assertThat(enqueue(T0.plusSeconds(1), upsert("u1", "p1", "a@x"))).isZero();
        assertThat(repository().claim("acc", T0.plusSeconds(1), LEASE, 10)).isEmpty();
    }

    @Test
    void claimsDueItemsOfOneAccountOldestFirstUpToTheLimit() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), upsert("u2", "p2", "b@x"),
                NewOutboxItem.upsert("other", "3", "c@x", fields("1", "x"), "u3", "p3"), upsert("u4", "p4", "d@x"));

        List<OutboxItem> first = repository().claim("acc", T0, LEASE, 2);
        List<OutboxItem> second = repository().claim("acc", T0, LEASE, 10);

        assertThat(first).extracting(OutboxItem::idempotencyKey).containsExactly("u1", "u2");
        assertThat(second).extracting(OutboxItem::idempotencyKey).containsExactly("u4");
        assertThat(repository().claim("other", T0, LEASE, 10)).extracting(OutboxItem::idempotencyKey).containsExactly("u3");
    }

    @Test
    void claimedItemsComeBackWhenTheLeaseEndsWithoutAnAcknowledgement() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"));
        assertThat(claimKeys(T0)).containsExactly("u1");

        assertThat(claimKeys(T0.plus(LEASE).minusMillis(1))).isEmpty();
        assertThat(claimKeys(T0.plus(LEASE))).containsExactly("u1");
    }

    @Test
    void aRestartedNodeTakesBackItsOwnClaimsAtOnceWhileOtherNodesClaimsKeepTheirLease() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), upsert("u2", "p2", "b@x"), upsert("u3", "p3", "c@x"), upsert("u4", "p4", "d@x"));
        assertThat(repository().claim("acc", T0, LEASE, 1, "node-a")).extracting(OutboxItem::idempotencyKey).containsExactly("u1");
        assertThat(repository().claim("acc", T0, LEASE, 1, "node-b")).extracting(OutboxItem::idempotencyKey).containsExactly("u2");
        OutboxItem retried = repository().claim("acc", T0, LEASE, 1, "node-a").get(0);
        repository().reschedule(List.of(new Retry(retried.id(), T0.plusSeconds(90), "HTTP 503"))); // waits for its backoff

        // node-a crashed and starts again 10 s later
        Instant restart = T0.plusSeconds(10);
        assertThat(repository().releaseClaimsOf("node-a", restart)).isEqualTo(1);
        assertThat(repository().claim("acc", restart, LEASE, 10, "node-a")).extracting(OutboxItem::idempotencyKey)
                .as("its own claim at once, never node-b's nor an item waiting for its retry").containsExactly("u1", "u4");
        assertThat(repository().releaseClaimsOf("node-c", restart)).isZero();
        assertThat(claimKeys(T0.plus(LEASE))).as("node-b's claim after its lease, the retry after its backoff")
                .containsExactly("u2", "u3");
    }

    @Test
    void aRescheduledItemIsDueAtItsRetryTimeWithTheAttemptCounted() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"));
        OutboxItem item = repository().claim("acc", T0, LEASE, 10).get(0);
        repository().reschedule(List.of(new Retry(item.id(), T0.plusSeconds(30), "HTTP 503")));

        assertThat(claimKeys(T0.plusSeconds(29))).isEmpty();
        assertThat(repository().claim("acc", T0.plusSeconds(30), LEASE, 10)).singleElement().satisfies(again -> {
            assertThat(again.attempts()).isEqualTo(1);
            assertThat(again.lastError()).isEqualTo("HTTP 503");
        });
    }

    @Test
    void aReleasedItemIsDueAgainWithoutCountingAnAttempt() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"));
        OutboxItem item = repository().claim("acc", T0, LEASE, 10).get(0);
        repository().release(List.of(item.id()), T0.plusSeconds(5));

        assertThat(claimKeys(T0.plusSeconds(4))).isEmpty();
        assertThat(repository().claim("acc", T0.plusSeconds(5), LEASE, 10))
                .singleElement().satisfies(again -> assertThat(again.attempts()).isZero());
    }

    @Test
    void laterItemsOfAPersonWaitWhileAnEarlierUpsertWaitsForItsRetry() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), trigger("t1", "p1", "a@x"), upsert("u2", "p1", "a@x"),
                trigger("t2", "p2", "b@x"));
        List<OutboxItem> all = repository().claim("acc", T0, LEASE, 1);
        repository().reschedule(List.of(new Retry(all.get(0).id(), T0.plusSeconds(60), "HTTP 500")));

        assertThat(claimKeys(T0.plusSeconds(1))).containsExactly("t2");
        assertThat(claimKeys(T0.plusSeconds(60))).containsExactly("u1", "t1", "u2");
    }

    @Test
    void aWaitingTriggerHoldsNothingBackButAWaitingListChangeHoldsLaterChangesOfTheSameList() throws Exception {
        enqueue(T0, trigger("t1", "p1", "a@x"),
                NewOutboxItem.listAdd("acc", "3", "a@x", "7", "add7", "p1"),
                NewOutboxItem.listRemove("acc", "3", "a@x", "7", "remove7", "p1"),
                NewOutboxItem.listAdd("acc", "3", "a@x", "8", "add8", "p1"),
                trigger("t2", "p1", "a@x"));
        List<OutboxItem> firstTwo = repository().claim("acc", T0, LEASE, 2);
        repository().reschedule(firstTwo.stream().map(i -> new Retry(i.id(), T0.plusSeconds(60), "x")).toList());

        assertThat(claimKeys(T0.plusSeconds(1))).containsExactly("add8", "t2");
    }

    @Test
    void anItemLeftInTheQueueBehindADeadLetterIsReleasedByIt() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), trigger("t1", "p1", "a@x"));
        OutboxItem upsert = repository().claim("acc", T0, LEASE, 1).get(0);
        repository().reschedule(List.of(new Retry(upsert.id(), T0.plusSeconds(60), "x")));
        assertThat(claimKeys(T0.plusSeconds(1))).isEmpty();

        repository().deadLetter(List.of(new DeadLettering(upsert.id(), DeadReason.PERMANENT,
                Failure.permanent(400, 2007, "bad value"))), T0.plusSeconds(2));

        assertThat(claimKeys(T0.plusSeconds(2))).containsExactly("t1");
    }

    @Test
    void aDeadLetteredContactItemMakesItsPersonSendEverythingAgain() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), trigger("t2", "p2", "b@x"));
        inTransaction(true, tx -> {
            try (java.sql.Statement s = tx.createStatement()) {
                s.executeUpdate("INSERT INTO contact_memory (person_key, memory) VALUES ('p1', '{}'), ('p2', '{}'), ('p3', '{}')");
            }
        });
        List<OutboxItem> claimed = repository().claim("acc", T0, LEASE, 10);

        repository().deadLetter(claimed.stream().map(i -> new DeadLettering(i.id(), DeadReason.PERMANENT,
                Failure.permanent(400, 2007, "bad value"))).toList(), T0.plusSeconds(1));

        // the upsert's person forgets what it sent; a dead trigger says nothing about contact fields
        List<String> remembered = new java.util.ArrayList<>();
        inTransaction(false, tx -> {
            try (java.sql.Statement s = tx.createStatement();
                 java.sql.ResultSet rs = s.executeQuery("SELECT person_key FROM contact_memory ORDER BY person_key")) {
                while (rs.next()) remembered.add(rs.getString(1));
            }
        });
        assertThat(remembered).containsExactly("p2", "p3");
    }

    @Test
    void deliveredItemsLeaveTheQueue() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), upsert("u2", "p2", "b@x"));
        List<OutboxItem> claimed = repository().claim("acc", T0, LEASE, 10);
        repository().markDelivered(List.of(claimed.get(0).id()), T0.plusSeconds(1));

        assertThat(repository().stats(T0.plusSeconds(1)).pending()).isEqualTo(1);
        assertThat(claimKeys(T0.plus(LEASE))).containsExactly("u2");
    }

    @Test
    void deadLettersKeepTheItemTheEmarsysAnswerTheTimeAndTheAttempts() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"));
        OutboxItem item = repository().claim("acc", T0, LEASE, 10).get(0);
        repository().reschedule(List.of(new Retry(item.id(), T0.plusSeconds(10), "HTTP 500")));
        repository().claim("acc", T0.plusSeconds(10), LEASE, 10);
        repository().deadLetter(List.of(new DeadLettering(item.id(), DeadReason.PERMANENT,
                Failure.permanent(200, 2007, "Invalid value for field 1"))), T0.plusSeconds(11));

        DeadLetter dead = repository().deadLetter(item.id()).orElseThrow();
        assertThat(dead.reason()).isEqualTo(DeadReason.PERMANENT);
        assertThat(dead.httpStatus()).isEqualTo(200);
        assertThat(dead.replyCode()).isEqualTo(2007);
        assertThat(dead.text()).isEqualTo("Invalid value for field 1");
        assertThat(dead.deadAt()).isEqualTo(T0.plusSeconds(11));
        assertThat(dead.item().attempts()).isEqualTo(2);
        assertThat(dead.item().payload().toString()).isEqualTo("{\"1\":\"n-u1\"}");
        assertThat(claimKeys(T0.plus(Duration.ofHours(1)))).isEmpty();
        assertThat(repository().stats(T0.plusSeconds(11))).isEqualTo(new OutboxStats(0, null, 1));
    }

    @Test
    void listsDeadLettersNewestFirstFilteredAndPaged() throws Exception {
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < 5; i++) enqueue(T0, upsert("u" + i, "p" + i, i + "@x"));
        for (OutboxItem item : repository().claim("acc", T0, LEASE, 10)) ids.add(item.id());
        for (int i = 0; i < 5; i++) {
            Failure failure = i % 2 == 0 ? Failure.permanent(400, 2007, "bad value") : Failure.retryable(503, null, "down");
            DeadReason reason = i % 2 == 0 ? DeadReason.PERMANENT : DeadReason.EXPIRED;
            repository().deadLetter(List.of(new DeadLettering(ids.get(i), reason, failure)), T0.plusSeconds(i));
        }

        DeadLetterPage all = repository().deadLetters(DeadLetterFilter.ALL, 0, 2);
        assertThat(all.total()).isEqualTo(5);
        assertThat(all.items()).extracting(d -> d.item().keyValue()).containsExactly("4@x", "3@x");
        assertThat(repository().deadLetters(DeadLetterFilter.ALL, 4, 2).items())
                .extracting(d -> d.item().keyValue()).containsExactly("0@x");

        var permanent = new DeadLetterFilter(DeadReason.PERMANENT, null, null, null, null, null, null, null);
        assertThat(repository().deadLetters(permanent, 0, 10).items()).extracting(d -> d.item().keyValue())
                .containsExactly("4@x", "2@x", "0@x");
        var code = new DeadLetterFilter(null, 2007, "acc", Operation.CONTACT_UPSERT, null, null, null, null);
        assertThat(repository().deadLetters(code, 0, 10).total()).isEqualTo(3);
        var contact = new DeadLetterFilter(null, null, null, null, "3@x", null, null, null);
        assertThat(repository().deadLetters(contact, 0, 10).items()).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(DeadReason.EXPIRED));
        var person = new DeadLetterFilter(null, null, null, null, null, "p1", null, null);
        assertThat(repository().deadLetters(person, 0, 10).total()).isEqualTo(1);
        var window = new DeadLetterFilter(null, null, null, null, null, null, T0.plusSeconds(1), T0.plusSeconds(3));
        assertThat(repository().deadLetters(window, 0, 10).items()).extracting(d -> d.item().keyValue())
                .containsExactly("2@x", "1@x");
    }

    @Test
    void aReplayedDeadLetterIsDeliveredAgainAsANewItem() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"));
        OutboxItem item = repository().claim("acc", T0, LEASE, 10).get(0);
        repository().deadLetter(List.of(new DeadLettering(item.id(), DeadReason.PERMANENT,
                Failure.permanent(400, 2007, "bad"))), T0);
        Instant later = T0.plus(Duration.ofDays(3));

        assertThat(repository().replay(item.id(), later)).isTrue();
        assertThat(repository().replay(item.id(), later)).as("only dead letters replay").isFalse();

        assertThat(repository().deadLetter(item.id())).isEmpty();
        assertThat(repository().claim("acc", later, LEASE, 10)).singleElement().satisfies(again -> {
            assertThat(again.attempts()).isZero();
            assertThat(again.createdAt()).isEqualTo(later);
            assertThat(again.payload().toString()).isEqualTo("{\"1\":\"n-u1\"}");
        });
    }

    @Test
    void aReplayedUpsertLeavesOutTheFieldsSentSinceItFailed() throws Exception {
        ObjectNode old = fields("1", "Old name");
        old.put("2", "Kept").put("3", "a@x");
        ObjectNode other = fields("1", "Other").put("3", "b@x");
        enqueue(T0, NewOutboxItem.upsert("acc", "3", "a@x", old, "u1", "p1"), NewOutboxItem.upsert("acc", "3", "b@x", other, "u2", "p2"));
        List<OutboxItem> claimed = repository().claim("acc", T0, LEASE, 10);
        repository().deadLetter(claimed.stream().map(i -> new DeadLettering(i.id(), DeadReason.PERMANENT,
                Failure.permanent(400, 2007, "bad"))).toList(), T0);
        // since then p1's field 1 was sent again with a newer value; p2 was renamed to b2@x and sent field 1 there
        inTransaction(true, tx -> {
            try (java.sql.Statement s = tx.createStatement()) {
                s.executeUpdate("INSERT INTO contact_memory (person_key, memory) VALUES "
                        + "('p1', '{\"k\":\"a@x\",\"f\":{\"1\":42},\"l\":{}}'), ('p2', '{\"k\":\"b2@x\",\"f\":{\"1\":7},\"l\":{}}')");
            }
        });

        assertThat(repository().replay(DeadLetterFilter.ALL, T0.plusSeconds(60))).isEqualTo(2);

        List<OutboxItem> again = repository().claim("acc", T0.plusSeconds(60), LEASE, 10);
        // p2 was renamed: its upsert goes to the current key, and its field 1 was sent there since, so only the key is left
        assertThat(again).extracting(i -> i.keyValue() + " " + i.payload())
                .containsExactly("a@x {\"2\":\"Kept\",\"3\":\"a@x\"}", "b2@x {\"3\":\"b2@x\"}");
    }

    @Test
    void replaysAndDiscardsEveryDeadLetterMatchingAFilter() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), upsert("u2", "p2", "b@x"), upsert("u3", "p3", "c@x"));
        List<OutboxItem> items = repository().claim("acc", T0, LEASE, 10);
        repository().deadLetter(List.of(
                new DeadLettering(items.get(0).id(), DeadReason.PERMANENT, Failure.permanent(400, 2007, "bad")),
                new DeadLettering(items.get(1).id(), DeadReason.PERMANENT, Failure.permanent(400, 2005, "no key")),
                new DeadLettering(items.get(2).id(), DeadReason.PERMANENT, Failure.permanent(400, 2007, "bad"))), T0);

        var code2007 = new DeadLetterFilter(null, 2007, null, null, null, null, null, null);
        assertThat(repository().replay(code2007, T0.plusSeconds(1))).isEqualTo(2);
        assertThat(claimKeys(T0.plusSeconds(1))).containsExactly("u1", "u3");

        assertThat(repository().discard(DeadLetterFilter.ALL, T0.plusSeconds(2))).isEqualTo(1);
        assertThat(repository().deadLetters(DeadLetterFilter.ALL, 0, 10).total()).isZero();
        assertThat(enqueue(T0.plusSeconds(3), upsert("u2", "p2", "b@x"))).as("a discarded key is still known").isZero();
    }

    @Test
    void discardsOneDeadLetter() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"));
        OutboxItem item = repository().claim("acc", T0, LEASE, 10).get(0);
        assertThat(repository().discard(item.id(), T0)).as("a pending item is not a dead letter").isFalse();
        repository().deadLetter(List.of(new DeadLettering(item.id(), DeadReason.OVERSIZED, null)), T0);

        assertThat(repository().deadLetter(item.id()).orElseThrow().item().attempts()).isZero();
        assertThat(repository().discard(item.id(), T0)).isTrue();
        assertThat(repository().deadLetter(item.id())).isEmpty();
        assertThat(repository().stats(T0).deadLetters()).isZero();
    }

    @Test
    void purgesFinishedItemsAfterTheRetentionButNeverPendingOrDeadOnes() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), upsert("u2", "p2", "b@x"), upsert("u3", "p3", "c@x"));
        List<OutboxItem> items = repository().claim("acc", T0, LEASE, 2);
        repository().markDelivered(List.of(items.get(0).id()), T0);
        repository().deadLetter(List.of(new DeadLettering(items.get(1).id(), DeadReason.PERMANENT,
                Failure.permanent(400, 2007, "bad"))), T0);

        assertThat(repository().purgeFinished(T0, 100)).isZero();
        assertThat(repository().purgeFinished(T0.plusMillis(1), 100)).isEqualTo(1);

        assertThat(enqueue(T0.plusSeconds(1), upsert("u1", "p1", "a@x"))).as("purged keys are forgotten").isEqualTo(1);
        assertThat(repository().stats(T0.plusSeconds(1))).isEqualTo(new OutboxStats(2, T0, 1));
    }

    @Test
    void reportsQueueDepthAndTheOldestPendingItem() throws Exception {
        assertThat(repository().stats(T0)).isEqualTo(new OutboxStats(0, null, 0));
        enqueue(T0, upsert("u1", "p1", "a@x"));
        enqueue(T0.plusSeconds(5), upsert("u2", "p2", "b@x"));

        assertThat(repository().stats(T0.plusSeconds(6))).isEqualTo(new OutboxStats(2, T0, 0));
    }

    @Test
    void settlesARoundInOneCall() throws Exception {
        enqueue(T0, upsert("u1", "p1", "a@x"), upsert("u2", "p2", "b@x"), upsert("u3", "p3", "c@x"),
                upsert("u4", "p4", "d@x"));
        List<OutboxItem> items = repository().claim("acc", T0, LEASE, 10);
        Instant now = T0.plusSeconds(1);

        repository().settle(new OutboxRepository.Settlement(
                List.of(items.get(0).id()),
                List.of(new Retry(items.get(1).id(), T0.plusSeconds(30), "HTTP 503")),
                List.of(new DeadLettering(items.get(2).id(), DeadReason.PERMANENT, Failure.permanent(400, 2007, "bad"))),
                List.of(new OutboxRepository.Release(List.of(items.get(3).id()), now))), now);

        assertThat(repository().stats(now)).isEqualTo(new OutboxStats(2, T0, 1));
        assertThat(claimKeys(now)).containsExactly("u4");
        assertThat(claimKeys(T0.plusSeconds(30))).containsExactly("u2");
    }

    @Test
    void remembersWhenRequestsWereSentForTheBudgetOfTheNextProcess() throws Exception {
        Instant now = T0.plus(Duration.ofMinutes(10));
        repository().settle(new OutboxRepository.Settlement(List.of(), List.of(), List.of(), List.of(), "acc",
                List.of(T0, now.minusSeconds(50), now.minusSeconds(10))), now);
        repository().settle(new OutboxRepository.Settlement(List.of(), List.of(), List.of(), List.of(), "other",
                List.of(now.minusSeconds(5))), now);

        assertThat(repository().requestsSentSince("acc", now.minusSeconds(60)))
                .containsExactly(now.minusSeconds(50), now.minusSeconds(10));
        assertThat(repository().requestsSentSince("acc", T0)).as("old times are forgotten")
                .containsExactly(now.minusSeconds(50), now.minusSeconds(10));
    }

    // --- privacy deletion (issue 12.2) ---

    private int erase(Instant now, String... personKeys) throws Exception {
        int[] n = new int[1];
        inTransaction(true, tx -> n[0] = repository().erasePersons(tx, List.of(personKeys), personKeys[0], now, LEASE));
        return n[0];
    }

    private static NewOutboxItem deletion(String key, String person, String email) {
        return NewOutboxItem.delete("acc", "3", email, key, person);
    }

    @Test
    void erasingPersonsDiscardsTheirQueuedItemsAndDeadLettersAndNobodyElses() throws Exception {
        enqueue(T0, upsert("dead", "p1", "a@x"), upsert("other", "p2", "b@x"));
        OutboxItem dead = repository().claim("acc", T0, LEASE, 1).get(0);
        repository().deadLetter(List.of(new DeadLettering(dead.id(), DeadReason.PERMANENT, Failure.permanent(400, 2007, "bad"))), T0);
        enqueue(T0.plusSeconds(1), upsert("queued", "p1", "a@x"), trigger("merged", "p9", "a@x"));
        Instant now = T0.plusSeconds(2);

        assertThat(erase(now, "p1", "p9")).isEqualTo(3);

        assertThat(repository().deadLetters(DeadLetterFilter.ALL, 0, 10).items()).isEmpty();
        assertThat(repository().deadLetter(dead.id())).isEmpty();
        assertThat(repository().replay(DeadLetterFilter.ALL, now)).isZero();
        assertThat(repository().replay(dead.id(), now)).isFalse();
        assertThat(claimKeys(now.plus(LEASE))).containsExactly("other");
        assertThat(repository().stats(now)).isEqualTo(new OutboxStats(1, T0, 0));
    }

    @Test
    void aReplayNeverSendsAnItemOfAnErasedPerson() throws Exception {
        erase(T0, "p1");
        // an item of the erased person that reached the dead letters anyhow (a worker settling after the erasure)
        enqueue(T0, upsert("late", "p1", "a@x"), upsert("other", "p2", "b@x"));
        List<OutboxItem> claimed = repository().claim("acc", T0, LEASE, 10);
        repository().deadLetter(claimed.stream().map(i -> new DeadLettering(i.id(), DeadReason.PERMANENT,
                Failure.permanent(400, 2007, "bad"))).toList(), T0);

        assertThat(repository().replay(DeadLetterFilter.ALL, T0.plusSeconds(1))).isEqualTo(1);
        assertThat(repository().replay(claimed.get(0).id(), T0.plusSeconds(1))).isFalse();
        assertThat(claimKeys(T0.plusSeconds(1))).containsExactly("other");
    }

    @Test
    void anErasedUpsertInFlightHoldsBackTheContactDeletionUntilItsRoundSettles() throws Exception {
        enqueue(T0, upsert("flying", "p1", "a@x"), trigger("t", "p1", "a@x"));
        List<OutboxItem> inFlight = repository().claim("acc", T0, LEASE, 10);
        Instant now = T0.plusSeconds(1);
        inTransaction(true, tx -> {
            repository().erasePersons(tx, List.of("p1"), "p1", now, LEASE);
            repository().enqueue(tx, List.of(deletion("delete", "p1", "a@x")), now);
        });

        assertThat(claimKeys(now)).as("the upsert may still be on its way").isEmpty();
        repository().settle(new OutboxRepository.Settlement(inFlight.stream().map(OutboxItem::id).toList(),
                List.of(), List.of(), List.of()), now.plusSeconds(1));

        assertThat(claimKeys(now.plusSeconds(1))).containsExactly("delete");
        assertThat(repository().stats(now.plusSeconds(1)).pending()).as("the erased items were not delivered again").isEqualTo(1);
    }

    @Test
    void anErasedUpsertWhoseWorkerNeverSettlesHoldsTheDeletionBackOnlyUntilTheLeaseEnds() throws Exception {
        enqueue(T0, upsert("flying", "p1", "a@x"), upsert("waiting", "p2", "b@x"));
        List<OutboxItem> claimed = repository().claim("acc", T0, LEASE, 10);
        repository().reschedule(List.of(new Retry(claimed.get(1).id(), T0.plus(Duration.ofHours(1)), "HTTP 503")));
        Instant now = T0.plusSeconds(30);
        inTransaction(true, tx -> {
            repository().erasePersons(tx, List.of("p1", "p2"), "p1", now, LEASE);
            repository().enqueue(tx, List.of(deletion("delete", "p1", "a@x")), now);
        });

        assertThat(claimKeys(T0.plus(LEASE).minusMillis(1))).isEmpty();
        assertThat(claimKeys(T0.plus(LEASE))).as("the claim's lease is over, and a retry waits no longer than a lease")
                .isEmpty();
        assertThat(claimKeys(now.plus(LEASE))).containsExactly("delete");
        assertThat(repository().purgeFinished(now.plusMillis(1), 100)).as("erased rows go with the retention").isEqualTo(2);
    }
}
