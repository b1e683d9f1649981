package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.BatchPlanner;
import io.emarsysdest.core.delivery.DeadReason;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.DeliveryPlan;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.core.delivery.OutboxRepository.DeadLettering;
import io.emarsysdest.core.delivery.OutboxRepository.Retry;
import io.emarsysdest.core.delivery.RetryPolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;
import java.util.random.RandomGenerator;

/**
 * Delivers one Emarsys account's items, one round at a time: claim, plan, send within the rate budget, settle each
 * item. Owned by one thread. Several workers of one account share its {@link AccountState}; the claim's lease and
 * per-person check keep them from stepping on each other.
 */
final class AccountWorker {
    private static final Logger log = LoggerFactory.getLogger(AccountWorker.class);

    /** What a round did; tells the loop whether to go on at once, wait for a time, or sleep until woken. */
    sealed interface Round {
        /** Nothing was due. */
        record Idle() implements Round {
        }

        /** The account is paused (rate limit, failures) until then. */
        record PausedUntil(Instant until) implements Round {
        }

        /** Items were handled; more may be due. */
        record Worked(int items) implements Round {
        }
    }

    private final String account;
    private final EmarsysGateway gateway;
    private final OutboxRepository outbox;
    private final DeliverySettings settings;
    private final BatchPlanner planner;
    private final RetryPolicy retry;
    private final RetryPolicy errorPause;
    private final InstantSource clock;
    private final RandomGenerator random;
    private final DeliveryMetrics metrics;
    private final RequestLog requestLog;
    private final AccountState state;
    private final Duration maxBudgetWait;
    private final int maxSplitsPerRound;
    private final int maxConcurrent;
    private final Executor senders;
    private final String holder;
    private final DeliveryTracer tracer;

    AccountWorker(AccountState state, EmarsysGateway gateway, OutboxRepository outbox, DeliverySettings settings,
                  InstantSource clock, RandomGenerator random, DeliveryMetrics metrics, RequestLog requestLog,
                  Executor senders, String holder) {
        this(state, gateway, outbox, settings, clock, random, metrics, requestLog, senders, holder, DeliveryTracer.NONE);
    }

    AccountWorker(AccountState state, EmarsysGateway gateway, OutboxRepository outbox, DeliverySettings settings,
                  InstantSource clock, RandomGenerator random, DeliveryMetrics metrics, RequestLog requestLog,
                  Executor senders, String holder, DeliveryTracer tracer) {
        this.holder = holder;
        this.tracer = tracer;
        this.state = state;
        this.account = state.account();
        this.gateway = gateway;
        this.outbox = outbox;
        this.settings = settings;
        this.planner = new BatchPlanner(settings.batchLimits());
        this.retry = settings.retryPolicy();
        this.errorPause = settings.errorPausePolicy();
        this.clock = clock;
        this.random = random;
        this.metrics = metrics;
        this.requestLog = requestLog;
        this.maxBudgetWait = settings.lease().dividedBy(2); // claimed items must not sit near the end of their lease
        // enough splits to isolate two bad items in a full request; if every item is bad, give up instead of
        // sending two requests per item
        int depth = 32 - Integer.numberOfLeadingZeros(Math.max(1, settings.maxItemsPerRequest() - 1));
        this.maxSplitsPerRound = 2 * depth + 2;
        this.maxConcurrent = settings.maxConcurrentRequests();
        this.senders = senders;
    }

    String account() {
        return account;
    }

    Round round(Pacer pacer, BooleanSupplier stopping) {
        Instant now = clock.instant();
        Instant pausedUntil = pausedUntil(now);
        if (pausedUntil != null) return new Round.PausedUntil(pausedUntil);

        List<OutboxItem> claimed = outbox.claim(account, now, settings.lease(), settings.claimLimit(), holder);
        if (claimed.isEmpty()) return new Round.Idle();

        DeliveryPlan plan = planner.plan(claimed);
        Map<Long, OutboxItem> byId = new HashMap<>(claimed.size() * 2);
        for (OutboxItem item : claimed) byId.put(item.id(), item);

        // Everything the round decides is written at its end in one transaction (one durable write per round).
        RoundResult result = new RoundResult();
        if (!plan.oversized().isEmpty()) {
            Failure tooBig = Failure.permanent(null, null, "too large for one request to Emarsys");
            plan.oversized().forEach(i -> result.dead.add(new DeadLettering(i.id(), DeadReason.OVERSIZED, tooBig)));
            metrics.deadLetters(DeadReason.OVERSIZED, plan.oversized().size());
        }

        Deque<DeliveryBatch> queue = new ArrayDeque<>(plan.batches());
        List<Long> unsent = new ArrayList<>(deferPartialBatches(queue, claimed.size() >= settings.claimLimit()));
        Instant releaseAt = null;
        Set<DeliveryBatch> fromSplit = Collections.newSetFromMap(new IdentityHashMap<>());
        int splitsLeft = maxSplitsPerRound;
        // Up to maxConcurrentRequests requests are in flight; answers are handled here, in the order sent.
        Deque<InFlight> inFlight = new ArrayDeque<>();
        boolean halted = false; // a request failed, the budget wait is too long, or the service stops
        while (true) {
            if (!queue.isEmpty() && !halted && !stopping.getAsBoolean() && inFlight.size() < maxConcurrent) {
                Instant at = clock.instant();
                Instant permit = nextPermit(at);
                if (permit.isAfter(at)) {
                    if (!inFlight.isEmpty()) {
                        // use the wait to take in an answer
                    } else if (Duration.between(at, permit).compareTo(maxBudgetWait) > 0) { // give the items back
                        releaseAt = permit;
                        halted = true;
                        continue;
                    } else {
                        if (!pacer.sleepUntil(permit)) halted = true;
                        continue; // look again: the pause may have grown
                    }
                } else {
                            if (!tryAcquire(at)) continue;
                    result.requestsSent.add(at);
                    DeliveryBatch batch = queue.poll();
                    inFlight.add(new InFlight(batch, start(batch)));
                    continue;
                }
            }
            InFlight done = inFlight.poll();
            if (done == null) break;
            Called called = done.answer().join();
            Sent sent = settle(done.batch(), called, byId, splitsLeft > 0,
                    fromSplit.contains(done.batch()), result);
            if (sent.halves() != null) { // find the item that spoils the request; the others go through
                splitsLeft--;
                fromSplit.addAll(sent.halves());
                queue.addFirst(sent.halves().get(1));
                queue.addFirst(sent.halves().get(0));
            } else if (sent.requestFailed() && !halted) { // the account pauses, the rest waits
                releaseAt = pausedUntil(clock.instant());
                halted = true;
            }
        }

        for (DeliveryBatch batch : queue) {
            for (BatchItem item : batch.items()) unsent.addAll(item.sourceIds());
        }
        Instant later = clock.instant();
        List<OutboxRepository.Release> released = new ArrayList<>(2);
        if (!unsent.isEmpty()) {
            released.add(new OutboxRepository.Release(unsent, releaseAt != null && releaseAt.isAfter(later) ? releaseAt : later));
        }
        if (!plan.held().isEmpty()) {
            released.add(new OutboxRepository.Release(plan.held().stream().map(OutboxItem::id).toList(), later));
        }
        outbox.settle(new OutboxRepository.Settlement(result.delivered, result.retries, result.dead, released, account,
                result.requestsSent), later);
        return new Round.Worked(claimed.size());
    }

    /** What a round decided so far, written at its end. */
    private static final class RoundResult {
        final List<Long> delivered = new ArrayList<>();
        final List<Retry> retries = new ArrayList<>();
        final List<DeadLettering> dead = new ArrayList<>();
        final List<Instant> requestsSent = new ArrayList<>();
    }

    /**
     * With a backlog (a full claim), the last, partly filled request of each group is held back once: its items have
     * the lowest ids, so the next claim takes them first and tops them up. Items held back before are always sent.
     *
     * @return the ids held back
     */
    private List<Long> deferPartialBatches(Deque<DeliveryBatch> queue, boolean backlog) {
        if (!backlog) return List.of();
        List<DeliveryBatch> batches = new ArrayList<>(queue);
        List<Long> ids = new ArrayList<>();
        for (int i = 0; i < batches.size(); i++) {
            DeliveryBatch b = batches.get(i);
            boolean lastOfGroup = i + 1 == batches.size() || !sameGroup(b, batches.get(i + 1));
            if (!lastOfGroup || b.items().size() >= settings.maxItemsPerRequest()) continue;
            boolean heldBefore = false;
            for (BatchItem item : b.items()) {
                for (long id : item.sourceIds()) heldBefore |= state.deferred.contains(id);
            }
            if (heldBefore) continue;
            queue.remove(b);
            for (BatchItem item : b.items()) ids.addAll(item.sourceIds());
        }
        state.deferred.addAll(ids);
        return ids;
    }

    private static boolean sameGroup(DeliveryBatch a, DeliveryBatch b) {
        return a.op() == b.op() && a.keyField().equals(b.keyField()) && Objects.equals(a.target(), b.target());
    }

    /**
     * @param requestFailed the request as a whole failed (the account pauses)
     * @param halves        when not null: Emarsys rejected the whole request as malformed; send these halves instead
     */
    private record Sent(boolean requestFailed, List<DeliveryBatch> halves) {
    }

    /** A request sent and its answer to come. */
    private record InFlight(DeliveryBatch batch, CompletableFuture<Called> answer) {
    }

    /** A batch's outcome and the requests on the wire it took (for the {@link DeliveryTracer}). */
    private record Called(BatchOutcome outcome, List<io.emarsysdest.emarsys.Exchange> exchanges) {
    }

    /** Sends a batch: on a virtual thread when several requests may be in flight, else right here. */
    private CompletableFuture<Called> start(DeliveryBatch batch) {
        for (BatchItem item : batch.items()) {
            for (long id : item.sourceIds()) state.deferred.remove(id);
        }
        if (maxConcurrent == 1) return CompletableFuture.completedFuture(call(batch));
        return CompletableFuture.supplyAsync(() -> call(batch), senders);
    }

    private Called call(DeliveryBatch batch) {
        BatchOutcome outcome;
        List<io.emarsysdest.emarsys.Exchange> exchanges;
        tracer.begin();
        try {
            outcome = gateway.send(batch);
        } catch (RuntimeException e) { // the port promises not to throw; be safe if an adapter does
            log.warn("gateway for account {} threw; treating as a retryable failure", account, e);
            outcome = new BatchOutcome.RequestFailed(Failure.retryable(null, null, "gateway error: " + e));
        } finally {
            state.requestDone();
            exchanges = tracer.end();
        }
        if (outcome instanceof BatchOutcome.Answered a && a.items().size() != batch.items().size()) {
            outcome = new BatchOutcome.RequestFailed(Failure.retryable(null, null,
                    "reply had " + a.items().size() + " outcomes for " + batch.items().size() + " items"));
        }
        return new Called(outcome, exchanges);
    }

    /**
     * Takes in the answer to one request: decides each item's fate and whether the account pauses.
     *
     * @param maySplit a whole-request rejection caused by an item's content may be answered by splitting
     * @param isolated the batch came from a split: its rejection concerns its items, not the account
     */
    private Sent settle(DeliveryBatch batch, Called called, Map<Long, OutboxItem> byId, boolean maySplit,
                        boolean isolated, RoundResult result) {
        BatchOutcome outcome = called.outcome();
        Instant now = clock.instant();
        Settlement s = new Settlement();
        String outcomeName;
        Failure requestFailure = null;
        switch (outcome) {
            case BatchOutcome.Answered answered -> {
                state.answered();
                for (int i = 0; i < batch.items().size(); i++) {
                    BatchItem item = batch.items().get(i);
                    switch (answered.items().get(i)) {
                        case BatchOutcome.ItemOutcome.Delivered d -> s.delivered.addAll(item.sourceIds());
                        case BatchOutcome.ItemOutcome.Failed f -> {
                            if (f.failure().kind() == Failure.Kind.RATE_LIMITED) rateLimited(f.failure(), now);
                            Duration backoff = retry.delay(byId.get(item.sourceIds().get(0)).attempts() + 1, random);
                            for (long id : item.sourceIds()) s.failed(byId.get(id), f.failure(), now, backoff);
                        }
                    }
                }
                outcomeName = s.delivered.size() == countSources(batch) ? "delivered"
                        : s.delivered.isEmpty() ? "rejected" : "partial";
            }
            case BatchOutcome.RequestFailed failed when maySplit && splittable(batch, failed.failure()) -> {
                // One bad item (say an event_time Emarsys cannot read) can make Emarsys reject a whole request with
                // 400. Rather than give up on every item, split until the culprit stands alone: at most about
                // 2·log2(n) extra requests per bad item, and the good items are delivered.
                Failure f = failed.failure();
                metrics.request(account, batch.op(), "split", batch.items().size());
                requestLog.add(new RequestLog.Entry(now, account, batch.op(), batch.target(), batch.items().size(), 0,
                        "split", f.httpStatus(), f.replyCode(), f.text()));
                tracer.settled(new DeliveryTracer.Settled(now, batch, "split", byId, List.of(), List.of(), List.of(), called.exchanges()));
                int half = batch.items().size() / 2;
                return new Sent(false, List.of(
                        new DeliveryBatch(batch.account(), batch.op(), batch.keyField(), batch.target(),
                                batch.items().subList(0, half)),
                        new DeliveryBatch(batch.account(), batch.op(), batch.keyField(), batch.target(),
                                batch.items().subList(half, batch.items().size()))));
            }
            case BatchOutcome.RequestFailed failed -> {
                requestFailure = failed.failure();
                // one backoff for the whole request, so its items come back together and fill a request again
                int attempts = 0;
                for (BatchItem item : batch.items()) {
                    for (long id : item.sourceIds()) attempts = Math.max(attempts, byId.get(id).attempts());
                }
                Duration backoff = retry.delay(attempts + 1, random);
                for (BatchItem item : batch.items()) {
                    for (long id : item.sourceIds()) s.failed(byId.get(id), requestFailure, now, backoff);
                }
                if (requestFailure.kind() == Failure.Kind.RATE_LIMITED) {
                    rateLimited(requestFailure, now);
                    outcomeName = "rate_limited";
                } else if (isolated && requestFailure.kind() == Failure.Kind.PERMANENT) {
                    outcomeName = "permanent"; // a culprit found by splitting: nothing wrong with the account
                    requestFailure = null;
                } else {
                    // a failing account backs off as a whole: never hammer Emarsys with requests that fail
                    Duration pause = state.failed(now, errorPause, random);
                    outcomeName = requestFailure.kind() == Failure.Kind.PERMANENT ? "permanent" : "retryable";
                    log.warn("request to Emarsys failed for account {} ({} {} {}): pausing the account {}",
                            account, requestFailure.httpStatus(), requestFailure.replyCode(), requestFailure.text(), pause);
                }
            }
        }
        result.delivered.addAll(s.delivered);
        result.retries.addAll(s.retries);
        result.dead.addAll(s.dead);

        metrics.request(account, batch.op(), outcomeName, batch.items().size());
        metrics.items(batch.op(), "delivered", s.delivered.size());
        metrics.items(batch.op(), "retried", s.retries.size());
        metrics.items(batch.op(), "dead", s.dead.size());
        s.deadByReason.forEach((reason, n) -> metrics.deadLetters(reason, n));
        Failure shown = requestFailure != null ? requestFailure : s.firstItemFailure;
        if (outcome instanceof BatchOutcome.RequestFailed rf && shown == null) shown = rf.failure();
        requestLog.add(new RequestLog.Entry(now, account, batch.op(), batch.target(), batch.items().size(),
                s.delivered.size(), outcomeName, shown == null ? null : shown.httpStatus(),
                shown == null ? null : shown.replyCode(), shown == null ? null : shown.text()));
        tracer.settled(new DeliveryTracer.Settled(now, batch, outcomeName, byId, s.delivered, s.retries, s.dead, called.exchanges()));
        return new Sent(requestFailure != null, null);
    }

    /**
     * Reply codes with which Emarsys rejects a whole request because of one element's content (key value, field
     * value, event data or time); other 400s (bad key field, unknown event, 401/403) concern every item alike.
     */
    static final Set<Integer> ITEM_CONTENT_CODES = Set.of(2005, 2007, 5008, 5009, 5010, 5011);

    private static boolean splittable(DeliveryBatch batch, Failure failure) {
        return batch.items().size() > 1 && failure.kind() == Failure.Kind.PERMANENT
                && failure.httpStatus() != null && failure.httpStatus() == 400
                && failure.replyCode() != null && ITEM_CONTENT_CODES.contains(failure.replyCode());
    }

    private final class Settlement {
        final List<Long> delivered = new ArrayList<>();
        final List<Retry> retries = new ArrayList<>();
        final List<DeadLettering> dead = new ArrayList<>();
        final Map<DeadReason, Integer> deadByReason = new EnumMap<>(DeadReason.class);
        Failure firstItemFailure;

        void failed(OutboxItem item, Failure failure, Instant now, Duration backoff) {
            if (item == null) return;
            if (firstItemFailure == null) firstItemFailure = failure;
            switch (retry.decide(item, failure, now, backoff)) {
                case RetryPolicy.Decision.RetryAt r -> retries.add(new Retry(item.id(), r.at(), describe(failure)));
                case RetryPolicy.Decision.GiveUp g -> {
                    dead.add(new DeadLettering(item.id(), g.reason(), failure));
                    deadByReason.merge(g.reason(), 1, Integer::sum);
                }
            }
        }
    }

    private void rateLimited(Failure failure, Instant now) {
        Instant until = retry.rateLimitedUntil(failure, now);
        state.rateLimited(until);
        log.info("Emarsys rate limit for account {}: paused until {}", account, until);
    }

    private static int countSources(DeliveryBatch batch) {
        int n = 0;
        for (BatchItem item : batch.items()) n += item.sourceIds().size();
        return n;
    }

    static String describe(Failure f) {
        StringBuilder b = new StringBuilder();
        if (f.httpStatus() != null) b.append("HTTP ").append(f.httpStatus()).append(' ');
        if (f.replyCode() != null) b.append("replyCode ").append(f.replyCode()).append(' ');
        if (f.text() != null) b.append(f.text());
        return b.toString().trim();
    }

    private Instant nextPermit(Instant now) {
        return state.nextPermitAt(now);
    }

    private boolean tryAcquire(Instant now) {
        return state.tryAcquire(now);
    }

    private Instant pausedUntil(Instant now) {
        return state.pausedUntil(now);
    }
}
