package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.DeadLetter;
import io.emarsysdest.core.delivery.DeadLetterFilter;
import io.emarsysdest.core.delivery.DeadReason;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.testkit.FakeEmarsysGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.emarsysdest.server.delivery.DeliveryFixture.T0;
import static io.emarsysdest.server.delivery.DeliveryFixture.trigger;
import static io.emarsysdest.server.delivery.DeliveryFixture.upsert;
import static org.assertj.core.api.Assertions.assertThat;

/** The delivery service driven round by round with a manual clock and a scripted Emarsys. */
class DeliveryServiceTest {
    @TempDir
    Path dir;
    private DeliveryFixture fx;
    private final FakeEmarsysGateway emarsys = new FakeEmarsysGateway();

    @BeforeEach
    void setUp() {
        fx = new DeliveryFixture(dir.resolve("state.db"));
    }

    /** Runs the service until the queue is empty, moving the clock a second at a time when nothing is due. */
    private void deliverEverything(DeliveryService service) {
        for (int i = 0; i < 100_000 && fx.stats().pending() > 0; i++) {
            service.runUntilIdle(fx.pacer());
            if (fx.stats().pending() > 0) fx.clock.advance(Duration.ofSeconds(1));
        }
        assertThat(fx.stats().pending()).as("queue drained").isZero();
    }

    private List<Long> allIds() {
        List<Long> ids = new ArrayList<>();
        try (var c = fx.dataSource.getConnection(); var s = c.createStatement();
             var rs = s.executeQuery("SELECT id FROM outbox ORDER BY id")) {
            while (rs.next()) ids.add(rs.getLong(1));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        return ids;
    }

    @Test
    void deliversAContactUpsertBeforeTheTriggerProducedAfterIt() {
        fx.enqueue(upsert("u1", "a@x"), trigger("t1", "a@x"), upsert("u2", "b@x"));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, emarsys);

        service.runUntilIdle(fx.pacer());

        assertThat(emarsys.requests()).extracting(DeliveryBatch::op)
                .containsExactly(Operation.CONTACT_UPSERT, Operation.EVENT_TRIGGER);
        assertThat(emarsys.requests().get(0).items()).hasSize(2);
        assertThat(fx.stats().pending()).isZero();
        assertThat(emarsys.deliveredIds()).containsExactlyInAnyOrderElementsOf(List.of(1L, 2L, 3L));
    }

    @Test
    void aBurstOfServerErrorsThenRecoveryLosesNothingAndNeverHammersEmarsys() {
        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 2500; i++) items.add(upsert("u" + i, i + "@x"));
        fx.enqueue(items);
        emarsys.failNext(6, Failure.retryable(503, null, "Service Unavailable"));
        List<Instant> sentAt = new ArrayList<>();
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, batch -> {
            sentAt.add(fx.clock.instant());
            return emarsys.send(batch);
        });

        service.runUntilIdle(fx.pacer());
        assertThat(emarsys.requests()).as("a failed request pauses the account; only requests already in flight went")
                .hasSizeLessThanOrEqualTo(DeliverySettings.DEFAULTS.maxConcurrentRequests());
        assertThat(service.status().accounts().get(0).pausedUntil()).isAfter(fx.clock.instant());

        deliverEverything(service);

        assertThat(emarsys.deliveredIds()).containsExactlyInAnyOrderElementsOf(allIds());
        assertThat(fx.outbox.stats(fx.clock.instant()).deadLetters()).isZero();
        assertThat(fx.registry.get("emarsys.delivery.requests").tag("outcome", "retryable").counter().count()).isEqualTo(6);
        // the items of a failed request keep one retry time, so they come back as full requests
        assertThat(fx.registry.get("emarsys.delivery.requests").tag("outcome", "delivered").counter().count())
                .isLessThanOrEqualTo(4);
        // after failed requests the account pauses (at least errorPauseBase = 1 s) before it sends again
        List<Instant> distinct = sentAt.stream().distinct().toList();
        for (int i = 1; i < distinct.size(); i++) {
            assertThat(Duration.between(distinct.get(i - 1), distinct.get(i))).isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void aRateLimitAnswerPausesTheAccountUntilTheReset() {
        for (int i = 0; i < 3; i++) fx.enqueue(upsert("u" + i, i + "@x"));
        Instant reset = T0.plusSeconds(30);
        emarsys.rateLimitNext(reset);
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, emarsys);

        service.runUntilIdle(fx.pacer());
        assertThat(service.status().accounts().get(0).pausedUntil()).isEqualTo(reset);
        assertThat(service.status().accounts().get(0).pauseReason()).contains("rate limit");

        fx.clock.advanceTo(reset.minusMillis(1));
        service.runUntilIdle(fx.pacer());
        assertThat(emarsys.requests()).hasSize(1);
        assertThat(fx.registry.get("emarsys.delivery.queue.depth").gauge().value()).isEqualTo(3);
        assertThat(fx.registry.get("emarsys.delivery.oldest.pending.age").gauge().value()).isEqualTo(30 - 0.001);

        fx.clock.advanceTo(reset);
        service.runUntilIdle(fx.pacer());
        assertThat(emarsys.requests()).hasSize(2);
        assertThat(emarsys.deliveredIds()).hasSize(3);
        assertThat(fx.registry.get("emarsys.delivery.requests").tag("outcome", "rate_limited").counter().count()).isEqualTo(1);
    }

    @Test
    void permanentItemErrorsGoToTheDeadLettersWhileTheRestOfTheRequestIsDelivered() {
        fx.enqueue(upsert("u1", "a@x"), upsert("u2", "bad@x"), upsert("u3", "c@x"));
        emarsys.failItems(item -> item.keyValue().equals("bad@x"), Failure.permanent(200, 2007, "Invalid value for field 1"));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, emarsys);

        service.runUntilIdle(fx.pacer());

        assertThat(emarsys.requests()).hasSize(1);
        assertThat(emarsys.delivered()).extracting(d -> d.item().keyValue()).containsExactly("a@x", "c@x");
        List<DeadLetter> dead = fx.outbox.deadLetters(DeadLetterFilter.ALL, 0, 10).items();
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.item().keyValue()).isEqualTo("bad@x");
            assertThat(d.reason()).isEqualTo(DeadReason.PERMANENT);
            assertThat(d.replyCode()).isEqualTo(2007);
            assertThat(d.text()).isEqualTo("Invalid value for field 1");
            assertThat(d.item().attempts()).isEqualTo(1);
        });
        assertThat(fx.registry.get("emarsys.delivery.dead.letters").tag("reason", "PERMANENT").counter().count()).isEqualTo(1);
        assertThat(fx.registry.get("emarsys.delivery.items").tag("result", "delivered").counter().count()).isEqualTo(2);
        assertThat(fx.registry.get("emarsys.delivery.dead.letters.stored").gauge().value()).isEqualTo(1);
        assertThat(fx.registry.get("emarsys.delivery.queue.depth").gauge().value()).isZero();
        assertThat(service.status().requestTotals()).containsEntry("partial", 1L);
    }

    @Test
    void aReplayedDeadLetterIsDeliveredOnceTheCauseIsFixed() {
        fx.enqueue(upsert("u1", "bad@x"));
        emarsys.failItems(item -> true, Failure.permanent(400, 2005, "No key value"));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, emarsys);
        service.runUntilIdle(fx.pacer());
        long id = fx.outbox.deadLetters(DeadLetterFilter.ALL, 0, 1).items().get(0).item().id();

        emarsys.clearItemFailures();
        fx.outbox.replay(id, fx.clock.instant());
        service.runUntilIdle(fx.pacer());

        assertThat(emarsys.deliveredIds()).containsExactly(id);
        assertThat(fx.stats().deadLetters()).isZero();
    }

    @Test
    void retryableItemErrorsAreRetriedAndItemsFailingPastTheMaximumAgeAreGivenUp() {
        fx.enqueue(trigger("t1", "new@x"), trigger("t2", "gone@x"));
        Failure notYet = Failure.retryable(200, 2008, "No contact found");
        emarsys.failItems(item -> item.keyValue().equals("gone@x"), notYet);
        emarsys.thenReply(batch -> new BatchOutcome.Answered(List.of(
                new BatchOutcome.ItemOutcome.Failed(notYet), new BatchOutcome.ItemOutcome.Failed(notYet))));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS.withMaxAge(Duration.ofMinutes(10)), emarsys);

        for (int i = 0; i < 1200 && fx.stats().pending() > 0; i++) {
            service.runUntilIdle(fx.pacer());
            fx.clock.advance(Duration.ofSeconds(1));
        }

        assertThat(emarsys.delivered()).extracting(d -> d.item().keyValue()).containsExactly("new@x");
        assertThat(fx.outbox.deadLetters(DeadLetterFilter.ALL, 0, 10).items()).singleElement().satisfies(d -> {
            assertThat(d.item().keyValue()).isEqualTo("gone@x");
            assertThat(d.reason()).isEqualTo(DeadReason.EXPIRED);
            assertThat(d.replyCode()).isEqualTo(2008);
            assertThat(d.deadAt()).isBetween(T0.plus(Duration.ofMinutes(10)), T0.plus(Duration.ofMinutes(16)));
        });
    }

    @Test
    void neverExceedsTheRequestBudgetAndUsesAlmostAllOfIt() {
        List<Instant> sentAt = java.util.Collections.synchronizedList(new ArrayList<>());
        EmarsysGateway timed = batch -> {
            sentAt.add(fx.clock.instant());
            return emarsys.send(batch);
        };
        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 600; i++) items.add(upsert("u" + i, i + "@x"));
        fx.enqueue(items);
        DeliverySettings settings = DeliverySettings.DEFAULTS.withRequestsPerMinute(20).withMaxItemsPerRequest(10).withClaimLimit(50);
        DeliveryService service = fx.service(settings, timed);

        deliverEverything(service);

        assertThat(sentAt).hasSize(60);
        for (int i = 20; i < sentAt.size(); i++) {
            assertThat(Duration.between(sentAt.get(i - 20), sentAt.get(i))).as("request %d", i)
                    .isGreaterThan(Duration.ofMinutes(1));
        }
        // 60 requests at 20 per minute: the last can go just after two minutes; allow 5 % slack
        assertThat(Duration.between(sentAt.get(0), sentAt.get(59))).isLessThan(Duration.ofSeconds(126));
        assertThat(fx.registry.get("emarsys.delivery.request.items").summary().mean()).isEqualTo(10.0);
    }

    @Test
    void aNewServiceOverTheSameFileResendsItemsACrashedOneHadClaimedOnceTheLeaseEnds() {
        fx.enqueue(upsert("u1", "a@x"), upsert("u2", "b@x"));
        // the crashed process claimed both and died before Emarsys answered
        List<OutboxItem> claimed = fx.outbox.claim("acc", T0, DeliverySettings.DEFAULTS.lease(), 100);
        assertThat(claimed).hasSize(2);

        DeliveryFixture reopened = new DeliveryFixture(dir.resolve("state.db"));
        reopened.clock.advanceTo(T0.plusSeconds(1));
        DeliveryService restarted = reopened.service(DeliverySettings.DEFAULTS, emarsys);
        restarted.runUntilIdle(reopened.pacer());
        assertThat(emarsys.requests()).as("still leased").isEmpty();

        reopened.clock.advanceTo(T0.plus(DeliverySettings.DEFAULTS.lease()));
        restarted.runUntilIdle(reopened.pacer());
        assertThat(emarsys.deliveredIds()).containsExactlyInAnyOrder(claimed.get(0).id(), claimed.get(1).id());
        assertThat(reopened.stats().pending()).isZero();
    }

    @Test
    void anItemTooBigForAnyRequestIsDeadLetteredWithoutBeingSent() {
        var huge = upsert("big", "a@x");
        huge.payload().put("2", "x".repeat(9_000_000));
        fx.enqueue(huge, upsert("u2", "b@x"));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, emarsys);

        service.runUntilIdle(fx.pacer());

        assertThat(emarsys.delivered()).extracting(d -> d.item().keyValue()).containsExactly("b@x");
        assertThat(fx.outbox.deadLetters(DeadLetterFilter.ALL, 0, 1).items()).singleElement()
                .satisfies(d -> assertThat(d.reason()).isEqualTo(DeadReason.OVERSIZED));
    }

    @Test
    void aPermanentlyRejectedRequestDeadLettersItsItemsAndPausesTheAccount() {
        fx.enqueue(upsert("u1", "a@x"));
        emarsys.failNext(1, Failure.permanent(403, null, "Forbidden: missing permission contact.update"));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, emarsys);

        service.runUntilIdle(fx.pacer());

        assertThat(fx.stats().deadLetters()).isEqualTo(1);
        assertThat(service.status().accounts().get(0).failedRequestsInARow()).isEqualTo(1);
        assertThat(service.status().recentRequests()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo("permanent");
            assertThat(r.httpStatus()).isEqualTo(403);
        });
    }

    @Test
    void aRequestRejectedWholeForOneBadItemIsSplitUntilOnlyThatItemIsGivenUp() {
        for (int i = 0; i < 8; i++) fx.enqueue(trigger("t" + i, (i == 5 ? "bad" : "ok" + i) + "@x"));
        EmarsysGateway strict = batch -> batch.items().stream().anyMatch(i -> i.keyValue().equals("bad@x"))
                ? new BatchOutcome.RequestFailed(Failure.permanent(400, 5010, "Invalid event_time"))
                : emarsys.send(batch);
        List<Integer> sizes = new ArrayList<>();
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS.withMaxConcurrentRequests(1), batch -> {
            sizes.add(batch.items().size());
            return strict.send(batch);
        });

        service.runUntilIdle(fx.pacer());

        assertThat(sizes).containsExactly(8, 4, 4, 2, 1, 1, 2);
        assertThat(emarsys.delivered()).hasSize(7);
        assertThat(fx.outbox.deadLetters(DeadLetterFilter.ALL, 0, 10).items()).singleElement().satisfies(d -> {
            assertThat(d.item().keyValue()).isEqualTo("bad@x");
            assertThat(d.replyCode()).isEqualTo(5010);
        });
        assertThat(fx.registry.get("emarsys.delivery.requests").tag("outcome", "split").counter().count()).isEqualTo(3);
    }

    @Test
    void underABacklogAPartlyFilledRequestIsHeldBackOnceSoTheNextClaimFillsIt() {
        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 45; i++) items.add(upsert("u" + i, i + "@x"));
        fx.enqueue(items);
        DeliverySettings settings = DeliverySettings.DEFAULTS.withClaimLimit(25).withMaxItemsPerRequest(10);
        DeliveryService service = fx.service(settings, emarsys);

        service.runUntilIdle(fx.pacer());

        assertThat(emarsys.requests()).extracting(b -> b.items().size()).containsExactly(10, 10, 10, 10, 5);
        assertThat(emarsys.deliveredIds()).hasSize(45).doesNotHaveDuplicates();
    }

    @Test
    void whenEveryItemIsRejectedSplittingStopsEarlyAndTheItemsAreGivenUp() {
        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) items.add(trigger("t" + i, i + "@x"));
        fx.enqueue(items);
        int[] requests = new int[1];
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, batch -> {
            requests[0]++;
            return new BatchOutcome.RequestFailed(Failure.permanent(400, 5010, "Invalid event_time"));
        });

        deliverEverything(service);

        assertThat(fx.stats().deadLetters()).isEqualTo(1000);
        assertThat(requests[0]).as("far fewer than two requests per item").isLessThan(100);
    }

    @Test
    void aRejectionThatConcernsEveryItemIsNotSplit() {
        for (int i = 0; i < 8; i++) fx.enqueue(trigger("t" + i, i + "@x"));
        emarsys.failNext(1, Failure.permanent(400, 5001, "Invalid external event id"));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, emarsys);

        service.runUntilIdle(fx.pacer());

        assertThat(emarsys.requests()).hasSize(1);
        assertThat(fx.stats().deadLetters()).isEqualTo(8);
    }

    @Test
    void aTriggerWaitsWhileItsContactsUpsertIsRetriedAndGoesRightAfterIt() {
        fx.enqueue(upsert("u1", "a@x"), trigger("t1", "a@x"), trigger("t2", "b@x"));
        // the upsert request fails once; the trigger of another contact is not held up
        boolean[] failed = new boolean[1];
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS, batch -> {
            synchronized (failed) {
                if (batch.op() == Operation.CONTACT_UPSERT && !failed[0]) {
                    failed[0] = true;
                    return new BatchOutcome.RequestFailed(Failure.retryable(502, null, "Bad Gateway"));
                }
            }
            return emarsys.send(batch);
        });

        deliverEverything(service);

        List<String> order = emarsys.delivered().stream().map(d -> d.op() + ":" + d.item().keyValue()).toList();
        assertThat(order).containsExactly("EVENT_TRIGGER:b@x", "CONTACT_UPSERT:a@x", "EVENT_TRIGGER:a@x");
    }

    @Test
    void aRateLimitOnOneAccountDoesNotHoldUpAnother() {
        FakeEmarsysGateway other = new FakeEmarsysGateway();
        fx.enqueue(upsert("u1", "a@x"),
                NewOutboxItem.upsert("other", "3", "b@x", DeliveryFixture.fields("1", "B"), "o1", "pb"));
        emarsys.rateLimitNext(T0.plusSeconds(60));
        DeliveryService service = new DeliveryService(DeliverySettings.DEFAULTS, fx.outbox,
                java.util.Map.of("acc", emarsys, "other", other), fx.clock, fx.registry, new java.util.SplittableRandom(1));

        service.runUntilIdle(fx.pacer());

        assertThat(other.deliveredIds()).hasSize(1);
        assertThat(emarsys.deliveredIds()).isEmpty();
        assertThat(service.status().accounts()).extracting(AccountState.AccountStatus::account, a -> a.pausedUntil() != null)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("acc", true), org.assertj.core.groups.Tuple.tuple("other", false));
    }

    @Test
    void keepsSeveralRequestsInFlightWithinTheBudget() throws Exception {
        List<NewOutboxItem> items = new ArrayList<>();
        for (int i = 0; i < 90; i++) items.add(upsert("u" + i, i + "@x")); // 3 rounds of 3 requests
        fx.enqueue(items);
        java.util.concurrent.atomic.AtomicInteger inFlight = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(3);
        DeliverySettings settings = DeliverySettings.DEFAULTS.withMaxItemsPerRequest(10).withMaxConcurrentRequests(3)
                .withClaimLimit(30);
        DeliveryService service = fx.service(settings, batch -> {
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
            try {
                together.await(5, java.util.concurrent.TimeUnit.SECONDS); // only passes when 3 are in flight at once
            } catch (Exception e) {
                throw new IllegalStateException(e);
            } finally {
                inFlight.decrementAndGet();
            }
            return emarsys.send(batch);
        });

        service.runUntilIdle(fx.pacer());

        assertThat(most.get()).isEqualTo(3);
        assertThat(emarsys.requests()).hasSize(9).allSatisfy(b -> assertThat(b.items()).hasSize(10));
        assertThat(emarsys.deliveredIds()).hasSize(90).doesNotHaveDuplicates();
    }

    @Test
    void underABacklogAHeldBackRequestGoesOutInTheNextRoundWhicheverWorkerTakesIt() {
        List<NewOutboxItem> items = new ArrayList<>();
        items.add(NewOutboxItem.listAdd("acc", "3", "member@x", "7", "add-member", "p-member"));
        for (int i = 0; i < 100; i++) items.add(upsert("u" + i, i + "@x"));
        fx.enqueue(items);
        DeliverySettings settings = DeliverySettings.DEFAULTS.withWorkersPerAccount(2).withClaimLimit(10)
                .withMaxItemsPerRequest(5).withMaxConcurrentRequests(1);
        DeliveryService service = fx.service(settings, emarsys);

        service.runUntilIdle(fx.pacer());

        List<Operation> ops = emarsys.requests().stream().map(DeliveryBatch::op).toList();
        // round 1 (first worker) holds the lone list add back; round 2 (second worker) must send it
        assertThat(ops.indexOf(Operation.LIST_ADD)).isEqualTo(1);
        assertThat(emarsys.deliveredIds()).hasSize(101).doesNotHaveDuplicates();
    }

    @Test
    void aRestartedServiceGoesOnWithTheBudgetThePreviousOneUsed() {
        List<Instant> sentAt = java.util.Collections.synchronizedList(new ArrayList<>());
        EmarsysGateway timed = batch -> {
            sentAt.add(fx.clock.instant());
            return emarsys.send(batch);
        };
        DeliverySettings settings = DeliverySettings.DEFAULTS.withRequestsPerMinute(5).withMaxItemsPerRequest(1)
                .withWorkersPerAccount(1);
        for (int i = 0; i < 5; i++) fx.enqueue(upsert("u" + i, i + "@x"));
        fx.service(settings, timed).runUntilIdle(fx.pacer());
        assertThat(sentAt).hasSize(5).allSatisfy(t -> assertThat(t).isEqualTo(T0));

        // the process restarts ten seconds later and finds new work
        fx.clock.advance(Duration.ofSeconds(10));
        for (int i = 5; i < 10; i++) fx.enqueue(upsert("u" + i, i + "@x"));
        DeliveryService restarted = fx.service(settings, timed);
        assertThat(restarted.status().accounts().get(0).requestsLastMinute()).isEqualTo(5);
        restarted.runUntilIdle(fx.pacer());

        assertThat(sentAt).hasSize(10);
        assertThat(sentAt.subList(5, 10)).as("not before the first five leave the window")
                .allSatisfy(t -> assertThat(t).isAfter(T0.plusSeconds(60)));
    }
}
