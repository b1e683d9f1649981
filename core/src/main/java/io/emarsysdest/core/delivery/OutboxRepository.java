package io.emarsysdest.core.delivery;

import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * The durable queue between processing and delivery, and the dead-letter store.
 * <p>
 * The processor {@linkplain #enqueue enqueues} inside its own transaction, so delivery items commit or roll back
 * together with the state changes that produced them. Delivery workers {@linkplain #claim claim} due items with a
 * lease: if a worker dies, its items become due again when the lease ends (at-least-once delivery; repeats are
 * harmless for upserts and list changes and de-duplicated by {@code trigger_id} for triggers).
 * Implementations throw unchecked exceptions for storage errors.
 */
public interface OutboxRepository {

    /**
     * Adds items in the caller's open transaction (the caller commits). An item whose idempotency key is already
     * known (pending, delivered within the retention, or dead) is ignored.
     *
     * @return how many items were new
     */
    int enqueue(Connection tx, List<NewOutboxItem> items, Instant now);

    /**
     * Claims up to {@code limit} due items of one account, oldest first, and leases them until {@code now + lease}.
     * An item is not claimed while an earlier item of its person that it must wait for
     * ({@link Operations#mustWaitFor}) is pending and not due (waiting for a retry, or claimed by someone else).
     */
    List<OutboxItem> claim(String account, Instant now, Duration lease, int limit);

    /**
     * As {@link #claim(String, Instant, Duration, int)}, recording {@code holder} (a node identity that survives its
     * restarts, or null) with the claim, so {@link #releaseClaimsOf} can take them back after a crash.
     */
    default List<OutboxItem> claim(String account, Instant now, Duration lease, int limit, String holder) {
        return claim(account, now, lease, limit);
    }

    /**
     * Makes due at once the pending items whose lease {@code holder} still holds: called when a node starts, for
     * the claims of its previous run, which nobody works on any more. Claims of other holders keep their lease.
     *
     * @return how many items were released
     */
    default int releaseClaimsOf(String holder, Instant now) {
        return 0;
    }

    /** The items reached Emarsys. Their idempotency keys stay known for the retention; payloads are dropped. */
    void markDelivered(Collection<Long> ids, Instant now);

    /** The items failed and will be retried: one more attempt counted, due again at the given time. */
    void reschedule(List<Retry> retries);

    /** Gives claimed items back without counting an attempt (not sent: held for order, paused, shutting down). */
    void release(Collection<Long> ids, Instant dueAt);

    /** Moves items to the dead letters, keeping the item, the reason and Emarsys's answer. */
    void deadLetter(List<DeadLettering> items, Instant now);

    DeadLetterPage deadLetters(DeadLetterFilter filter, int offset, int limit);

    Optional<DeadLetter> deadLetter(long id);

    /**
     * Puts a dead letter back in the queue as new (attempts 0, due now, age counted from now). Items of persons
     * erased by a privacy deletion are never replayed.
     */
    boolean replay(long id, Instant now);

    /** Replays every dead letter matching the filter; returns how many. */
    int replay(DeadLetterFilter filter, Instant now);

    /**
     * A privacy deletion, in the caller's transaction: the persons' dead letters and pending items are discarded,
     * without payload or key value, so neither a replay nor a retry can send their data again, and the persons are
     * remembered as erased (a replay skips any item of theirs). A pending upsert that may be in flight (claimed, or
     * waiting for a retry) is kept as an erased tombstone under {@code deletionPersonKey} until its worker settles it
     * or {@code inFlightAtMost} has passed: later items of that person key (the contact deletions, queued right after
     * in the same transaction) are not claimed before, so a deletion never overtakes an upsert on its way.
     *
     * @param personKeys        the deleted persons' keys (the person and everyone merged into it)
     * @param deletionPersonKey the person key the contact deletions are queued under
     * @param inFlightAtMost    how long a claimed item can still be on its way (the delivery lease)
     * @return how many items were erased
     */
    int erasePersons(Connection tx, Collection<String> personKeys, String deletionPersonKey, Instant now, Duration inFlightAtMost);

    /** Forgets a dead letter (its idempotency key stays known for the retention). */
    boolean discard(long id, Instant now);

    int discard(DeadLetterFilter filter, Instant now);

    OutboxStats stats(Instant now);

    /** Deletes up to {@code limit} delivered or discarded items finished before the given time. */
    int purgeFinished(Instant finishedBefore, int limit);

    /**
     * Applies what came of a delivery round in one transaction (one durable write instead of one per request).
     * Adapters should override this; the default applies the parts one by one.
     */
    default void settle(Settlement settlement, Instant now) {
        markDelivered(settlement.delivered(), now);
        reschedule(settlement.retries());
        deadLetter(settlement.dead(), now);
        for (Release r : settlement.released()) release(r.ids(), r.dueAt());
    }

    /**
     * When requests of the account went to Emarsys within the last {@code window} before {@code now}, oldest first
     * (recorded by {@link #settle}), so a restarted process starts with the budget already used.
     */
    default List<Instant> requestsSentSince(String account, Instant since) {
        return List.of();
    }

    /**
     * The items of a round: delivered, to retry, given up, and given back unsent; and the requests it sent.
     *
     * @param account      whose requests {@code requestsSent} are; may be null when none
     * @param requestsSent when the round's requests went out (kept a few minutes for the request budget)
     */
    record Settlement(List<Long> delivered, List<Retry> retries, List<DeadLettering> dead, List<Release> released,
                      String account, List<Instant> requestsSent) {
        public Settlement {
            delivered = List.copyOf(delivered);
            retries = List.copyOf(retries);
            dead = List.copyOf(dead);
            released = List.copyOf(released);
            requestsSent = List.copyOf(requestsSent);
        }

        public Settlement(List<Long> delivered, List<Retry> retries, List<DeadLettering> dead, List<Release> released) {
            this(delivered, retries, dead, released, null, List.of());
        }

        public boolean isEmpty() {
            return delivered.isEmpty() && retries.isEmpty() && dead.isEmpty() && released.isEmpty()
                    && requestsSent.isEmpty();
        }
    }

    /** Claimed items given back without an attempt, due at the given time. */
    record Release(List<Long> ids, Instant dueAt) {
        public Release {
            ids = List.copyOf(ids);
        }
    }

    /** A failed item to retry later. */
    record Retry(long id, Instant dueAt, String error) {
    }

    /** An item to give up, and why. */
    record DeadLettering(long id, DeadReason reason, Failure failure) {
    }
}
