package io.emarsysdest.testkit;

import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A scripted in-memory Emarsys: answers with queued one-time replies first, otherwise delivers every item except
 * those matching a standing per-item failure rule. Records every request and what was delivered. Thread-safe.
 */
public final class FakeEmarsysGateway implements EmarsysGateway {
    private final Deque<Function<DeliveryBatch, BatchOutcome>> script = new ArrayDeque<>();
    private final List<ItemRule> itemRules = new ArrayList<>();
    private final List<DeliveryBatch> requests = new ArrayList<>();
    private final List<Delivered> delivered = new ArrayList<>();

    /** One item that reached the fake Emarsys. */
    public record Delivered(Operation op, String target, BatchItem item) {
    }

    private record ItemRule(Predicate<BatchItem> matches, Failure failure) {
    }

    @Override
    public synchronized BatchOutcome send(DeliveryBatch batch) {
        requests.add(batch);
        Function<DeliveryBatch, BatchOutcome> scripted = script.poll();
        BatchOutcome outcome = scripted != null ? scripted.apply(batch) : answer(batch);
        if (outcome instanceof BatchOutcome.Answered answered) {
            for (int i = 0; i < batch.items().size(); i++) {
                if (answered.items().get(i) instanceof BatchOutcome.ItemOutcome.Delivered) {
                    delivered.add(new Delivered(batch.op(), batch.target(), batch.items().get(i)));
                }
            }
        }
        return outcome;
    }

    private BatchOutcome answer(DeliveryBatch batch) {
        List<BatchOutcome.ItemOutcome> outcomes = new ArrayList<>();
        for (BatchItem item : batch.items()) {
            BatchOutcome.ItemOutcome outcome = BatchOutcome.ItemOutcome.DELIVERED;
            for (ItemRule rule : itemRules) {
                if (rule.matches.test(item)) {
                    outcome = new BatchOutcome.ItemOutcome.Failed(rule.failure);
                    break;
                }
            }
            outcomes.add(outcome);
        }
        return new BatchOutcome.Answered(outcomes);
    }

    /** The next request gets this reply (computed from the request). */
    public synchronized FakeEmarsysGateway thenReply(Function<DeliveryBatch, BatchOutcome> reply) {
        script.add(reply);
        return this;
    }

    /** The next {@code n} requests fail as a whole. */
    public synchronized FakeEmarsysGateway failNext(int n, Failure failure) {
        for (int i = 0; i < n; i++) script.add(b -> new BatchOutcome.RequestFailed(failure));
        return this;
    }

    /** The next request gets HTTP 429 / 7003 with the given reset time. */
    public synchronized FakeEmarsysGateway rateLimitNext(Instant reset) {
        return failNext(1, Failure.rateLimited(429, 7003, "Too many requests", reset));
    }

    /** From now on, items matching the predicate fail with this failure inside otherwise answered requests. */
    public synchronized FakeEmarsysGateway failItems(Predicate<BatchItem> matches, Failure failure) {
        itemRules.add(new ItemRule(matches, failure));
        return this;
    }

    /** Drops the standing per-item failure rules (Emarsys "fixed"). */
    public synchronized FakeEmarsysGateway clearItemFailures() {
        itemRules.clear();
        return this;
    }

    public synchronized List<DeliveryBatch> requests() {
        return List.copyOf(requests);
    }

    public synchronized List<Delivered> delivered() {
        return List.copyOf(delivered);
    }

    /** Every outbox id delivered so far, in delivery order (repeats show duplicates). */
    public synchronized List<Long> deliveredIds() {
        List<Long> ids = new ArrayList<>();
        for (Delivered d : delivered) ids.addAll(d.item().sourceIds());
        return ids;
    }
}
