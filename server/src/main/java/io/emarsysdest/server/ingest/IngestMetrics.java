package io.emarsysdest.server.ingest;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** Counters of the Tracking API: events received, accepted, duplicates, rejected by reason; request latency. */
final class IngestMetrics {
    private final MeterRegistry registry;
    final Counter received;
    final Counter accepted;
    final Counter duplicates;
    final Timer requestTimer;
    private final Map<String, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<String, Counter> requests = new ConcurrentHashMap<>();

    IngestMetrics(MeterRegistry registry) {
        this.registry = registry;
        received = Counter.builder("ingest_events_received").description("Events received over the Tracking API").register(registry);
        accepted = Counter.builder("ingest_events_accepted").description("Events stored durably in the event log").register(registry);
        duplicates = Counter.builder("ingest_events_duplicate").description("Events not stored again because their messageId was seen before").register(registry);
        requestTimer = Timer.builder("ingest_request_duration").description("Time from request start to answer")
                .publishPercentiles(0.5, 0.99).publishPercentileHistogram(false).register(registry);
    }

    void rejected(String reason, int n) {
        rejected.computeIfAbsent(reason, r -> Counter.builder("ingest_events_rejected").tag("reason", r)
                .description("Events not accepted, by reason").register(registry)).increment(n);
    }

    void request(String endpoint, int status) {
        requests.computeIfAbsent(endpoint + "|" + status, k -> Counter.builder("ingest_requests").tag("endpoint", endpoint)
                .tag("status", Integer.toString(status)).description("Tracking API requests by endpoint and answer").register(registry)).increment();
    }
}
