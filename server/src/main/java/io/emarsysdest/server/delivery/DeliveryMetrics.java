package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.DeadReason;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.OutboxStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.function.Supplier;

/** The delivery stage's meters. */
final class DeliveryMetrics {
    private final MeterRegistry registry;

    DeliveryMetrics(MeterRegistry registry, Supplier<OutboxStats> stats, InstantSource clock) {
        this.registry = registry;
        Gauge.builder("emarsys.delivery.queue.depth", () -> stats.get().pending())
                .description("Outbox items waiting for delivery").register(registry);
        Gauge.builder("emarsys.delivery.oldest.pending.age", () -> {
                    Instant oldest = stats.get().oldestPendingAt();
                    return oldest == null ? 0 : Math.max(0, Duration.between(oldest, clock.instant()).toMillis() / 1000.0);
                })
                .baseUnit("seconds").description("Age of the oldest item waiting for delivery").register(registry);
        Gauge.builder("emarsys.delivery.dead.letters.stored", () -> stats.get().deadLetters())
                .description("Items in the dead letters").register(registry);
    }

    void request(String account, Operation op, String outcome, int items) {
        Counter.builder("emarsys.delivery.requests").description("Requests to Emarsys by endpoint and outcome")
                .tag("account", account).tag("op", op.name()).tag("outcome", outcome).register(registry).increment();
        DistributionSummary.builder("emarsys.delivery.request.items").description("Items per request")
                .tag("op", op.name()).register(registry).record(items);
    }

    void items(Operation op, String result, int count) {
        if (count == 0) return;
        Counter.builder("emarsys.delivery.items").description("Outbox items by what came of a request")
                .tag("op", op.name()).tag("result", result).register(registry).increment(count);
    }

    void deadLetters(DeadReason reason, int count) {
        if (count == 0) return;
        Counter.builder("emarsys.delivery.dead.letters").description("Items moved to the dead letters")
                .tag("reason", reason.name()).register(registry).increment(count);
    }
}
