package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.testkit.FakeEmarsysGateway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import static io.emarsysdest.server.delivery.DeliveryFixture.upsert;
import static org.assertj.core.api.Assertions.assertThat;

/** The service on its own threads with the real clock: wake-ups and shutting down. */
class DeliveryServiceThreadsTest {
    @TempDir
    Path dir;
    private DeliveryFixture fx;
    private final FakeEmarsysGateway emarsys = new FakeEmarsysGateway();

    @BeforeEach
    void setUp() {
        fx = new DeliveryFixture(dir.resolve("state.db"));
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 1000 && !condition.getAsBoolean(); i++) Thread.sleep(10);
        assertThat(condition.getAsBoolean()).as("condition reached within 10 s").isTrue();
    }

    @Test
    void anIdleServiceSendsWhenWokenUpWithoutWaitingForItsPoll() throws Exception {
        // the poll is an hour: only the wake-up can make it send
        java.util.concurrent.atomic.AtomicInteger emptyClaims = new java.util.concurrent.atomic.AtomicInteger();
        var counting = (io.emarsysdest.core.delivery.OutboxRepository) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{io.emarsysdest.core.delivery.OutboxRepository.class},
                (proxy, method, args) -> {
                    try {
                        Object result = method.invoke(fx.outbox, args);
                        if (method.getName().equals("claim") && ((List<?>) result).isEmpty()) emptyClaims.incrementAndGet();
                        return result;
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DeliveryService service = new DeliveryService(DeliverySettings.DEFAULTS.withIdlePoll(Duration.ofHours(1))
                .withWorkersPerAccount(1), counting, java.util.Map.of("acc", emarsys), Clock.systemUTC(), fx.registry);
        service.start();
        try {
            await(() -> emptyClaims.get() >= 1); // the worker found nothing: from here it waits for a wake-up
            fx.enqueue(upsert("u1", "a@x"));
            service.wakeUp();
            await(() -> emarsys.deliveredIds().size() == 1);
            assertThat(service.status().running()).isTrue();
        } finally {
            service.stop();
        }
        assertThat(service.status().running()).isFalse();
    }

    @Test
    void stoppingFinishesTheRequestInFlightAndGivesTheOtherClaimedItemsBack() throws Exception {
        CountDownLatch inFlight = new CountDownLatch(1);
        CountDownLatch answer = new CountDownLatch(1);
        EmarsysGateway slow = batch -> {
            inFlight.countDown();
            try {
                answer.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return emarsys.send(batch);
        };
        fx.enqueue(upsert("u1", "a@x"), upsert("u2", "b@x"), upsert("u3", "c@x"));
        DeliveryService service = fx.service(DeliverySettings.DEFAULTS.withMaxItemsPerRequest(1).withMaxConcurrentRequests(1),
                slow, Clock.systemUTC());
        service.start();
        service.wakeUp();
        assertThat(inFlight.await(10, TimeUnit.SECONDS)).isTrue();

        Thread stopper = Thread.ofVirtual().start(service::stop);
        await(() -> !service.status().running()); // the stop is under way, with the request still in flight
        assertThat(stopper.isAlive()).as("stop waits for the request in flight").isTrue();
        answer.countDown();
        stopper.join(10_000);

        assertThat(stopper.isAlive()).isFalse();
        assertThat(emarsys.requests()).extracting(DeliveryBatch::items).hasSize(1);
        assertThat(emarsys.deliveredIds()).hasSize(1);
        List<OutboxItem> back = fx.outbox.claim("acc", java.time.Instant.now(), Duration.ofMinutes(1), 10);
        assertThat(back).as("not sent, and due at once").hasSize(2);
        assertThat(back).allSatisfy(i -> assertThat(i.attempts()).isZero());
    }

    @Test
    void aFailingRepositoryDoesNotMakeTheWorkerSpin() throws Exception {
        List<Long> claimedAt = new java.util.concurrent.CopyOnWriteArrayList<>();
        var broken = (io.emarsysdest.core.delivery.OutboxRepository) java.lang.reflect.Proxy.newProxyInstance(
                getClass().getClassLoader(), new Class<?>[]{io.emarsysdest.core.delivery.OutboxRepository.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("claim")) {
                        claimedAt.add(System.nanoTime());
                        throw new IllegalStateException("database is locked");
                    }
                    try {
                        return method.invoke(fx.outbox, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
        DeliveryService service = new DeliveryService(DeliverySettings.DEFAULTS.withWorkersPerAccount(1), broken,
                java.util.Map.of("acc", (EmarsysGateway) b -> new BatchOutcome.Answered(List.of())), Clock.systemUTC(),
                fx.registry);
        service.start();
        try {
            await(() -> claimedAt.size() >= 2);
        } finally {
            service.stop();
        }
        // the error pause (errorPauseBase, 1 s, doubling) separates the attempts: no spinning
        assertThat(Duration.ofNanos(claimedAt.get(1) - claimedAt.get(0))).isGreaterThanOrEqualTo(Duration.ofMillis(990));
    }

    @Test
    void twoWorkersOfOneAccountDeliverEveryItemOnceAndKeepTheOrderPerPerson() throws Exception {
        List<io.emarsysdest.core.delivery.NewOutboxItem> items = new java.util.ArrayList<>();
        for (int i = 0; i < 600; i++) {
            items.add(upsert("u" + i, i + "@x"));
            items.add(DeliveryFixture.trigger("t" + i, i + "@x"));
        }
        fx.enqueue(items);
        EmarsysGateway slowish = batch -> {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return emarsys.send(batch);
        };
        DeliverySettings settings = DeliverySettings.DEFAULTS.withWorkersPerAccount(2).withClaimLimit(100)
                .withMaxItemsPerRequest(20);
        DeliveryService service = fx.service(settings, slowish, Clock.systemUTC());
        service.start();
        try {
            service.wakeUp();
            await(() -> emarsys.deliveredIds().size() >= 1200);
        } finally {
            service.stop();
        }

        assertThat(emarsys.deliveredIds()).hasSize(1200).doesNotHaveDuplicates();
        java.util.Map<String, List<String>> perContact = new java.util.HashMap<>();
        for (var d : emarsys.delivered()) {
            perContact.computeIfAbsent(d.item().keyValue(), k -> new java.util.ArrayList<>()).add(d.op().name());
        }
        assertThat(perContact).hasSize(600)
                .allSatisfy((contact, ops) -> assertThat(ops).containsExactly("CONTACT_UPSERT", "EVENT_TRIGGER"));
    }
}
