package io.emarsysdest.server.rules;

import io.emarsysdest.core.rules.Trace;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Counts what the rule engine did, by trace kind: {@code rules.steps{kind=entered|fired|late|out_of_order|…}}.
 * Feed it {@code RuleBatch.traces()} (or {@code StepResult.trace()}) after each committed batch.
 */
public final class RuleMetrics {
    private final Map<Trace.Kind, Counter> counters = new EnumMap<>(Trace.Kind.class);

    public RuleMetrics(MeterRegistry registry) {
        for (Trace.Kind k : Trace.Kind.values()) {
            counters.put(k, Counter.builder("rules.steps").tag("kind", k.name().toLowerCase())
                    .description("rule engine outcomes by kind (entries, fires, late and out-of-order events, …)").register(registry));
        }
    }

    public void record(List<Trace> traces) {
        for (Trace t : traces) counters.get(t.kind()).increment();
    }
}
