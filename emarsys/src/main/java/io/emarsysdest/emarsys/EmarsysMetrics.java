package io.emarsysdest.emarsys;

import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Duration;

/**
 * Client metrics: {@code emarsys.client.requests} (timer: count and latency, tags endpoint, outcome) and
 * {@code emarsys.client.request.items} (items per request, tag endpoint).
 * Outcomes: ok, item_errors (200 with per-item errors), reply_error (2xx with replyCode ≠ 0), rate_limited,
 * unauthorized, forbidden, client_error, server_error, timeout, network_error, token_error.
 */
public final class EmarsysMetrics {
    private final MeterRegistry registry;

    public EmarsysMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String endpoint, String outcome, int items, Duration latency) {
        Timer.builder("emarsys.client.requests").description("Emarsys Core API requests")
                .tag("endpoint", endpoint).tag("outcome", outcome).register(registry).record(latency);
        if (items > 0) {
            DistributionSummary.builder("emarsys.client.request.items").description("Items per Emarsys request")
                    .tag("endpoint", endpoint).register(registry).record(items);
        }
    }

    static String outcome(EmarsysResponse r) {
        int s = r.httpStatus();
        if (s == 429 || (r.replyCode() != null && r.replyCode() == 7003)) return "rate_limited";
        if (s == 401) return "unauthorized";
        if (s == 403) return "forbidden";
        if (s >= 500) return "server_error";
        if (s >= 400 || s < 200 || s >= 300) return "client_error";
        if (!r.isSuccess()) return "reply_error";
        return r.itemErrors().isEmpty() ? "ok" : "item_errors";
    }
}
