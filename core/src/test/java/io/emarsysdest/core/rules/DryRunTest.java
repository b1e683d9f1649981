package io.emarsysdest.core.rules;

import io.emarsysdest.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DryRunTest {
    @Test
    void reports_what_would_fire_and_when_with_the_instance_trace() {
        RuleSet rules = RuleSet.of(List.of(RuleHarness.rule(RuleEngineScenariosTest.ABANDONED_BROWSE)));
        Instant t = RuleHarness.T0;
        var events = List.of(
                RuleHarness.event("v1", EventType.TRACK, "Product Viewed", "{\"product_id\":\"a\",\"name\":\"Boots\",\"price\":50}", t, t),
                RuleHarness.event("v2", EventType.TRACK, "Product Viewed", "{\"product_id\":\"b\",\"name\":\"Hat\",\"price\":50}", t.plusSeconds(60), t.plusSeconds(60)),
                RuleHarness.event("o1", EventType.TRACK, "Order Completed", "{\"product_id\":\"b\"}", t.plusSeconds(600), t.plusSeconds(600)));

        DryRun.Report report = new DryRun(new RuleEngine()).run(rules, PersonContext.of("dry"), events, t.plus(Duration.ofHours(3)));

        assertThat(report.fires()).singleElement().satisfies(f -> {
            assertThat(f.at()).isEqualTo(t.plus(Duration.ofMinutes(130)));
            assertThat(f.action().payload().path("data").path("product").asText()).isEqualTo("Boots");
        });
        assertThat(report.trace()).extracting(Trace::kind)
                .containsExactly(Trace.Kind.ENTERED, Trace.Kind.ENTERED, Trace.Kind.CANCELLED_BY_EVENT, Trace.Kind.FIRED);
        assertThat(report.pendingTimers()).isEmpty();
    }

    @Test
    void without_an_end_time_pending_timers_are_reported_not_fired() {
        RuleSet rules = RuleSet.of(List.of(RuleHarness.rule(RuleEngineScenariosTest.ABANDONED_BROWSE)));
        Instant t = RuleHarness.T0;
        DryRun.Report report = new DryRun(new RuleEngine()).run(rules, PersonContext.of("dry"),
                List.of(RuleHarness.event("v1", EventType.TRACK, "Product Viewed", "{\"product_id\":\"a\",\"price\":50}", t, t)), null);
        assertThat(report.fires()).isEmpty();
        assertThat(report.pendingTimers()).singleElement().satisfies(x -> assertThat(x.dueAt()).isEqualTo(t.plus(Duration.ofMinutes(130))));
    }
}
