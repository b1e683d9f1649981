package io.emarsysdest.server.rules;

import io.emarsysdest.core.rules.Trace;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RuleMetricsTest {
    @Test
    void counts_engine_outcomes_by_kind() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        RuleMetrics metrics = new RuleMetrics(registry);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        metrics.record(List.of(new Trace(now, "r", 1, "i", Trace.Kind.LATE, ""), new Trace(now, "r", 1, "i", Trace.Kind.LATE, ""),
                new Trace(now, "r", 1, "i", Trace.Kind.FIRED, "")));
        assertThat(registry.get("rules.steps").tag("kind", "late").counter().count()).isEqualTo(2.0);
        assertThat(registry.get("rules.steps").tag("kind", "fired").counter().count()).isEqualTo(1.0);
        assertThat(registry.get("rules.steps").tag("kind", "entered").counter().count()).isZero();
    }
}
