package io.emarsysdest.core.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Windows anchored on named steps, per-key counts and exits, bounded captured context. */
class RuleEngineDetailsTest {

    @Test
    void a_window_anchored_on_a_named_step_is_measured_from_that_step() {
        String rule = """
                {"id":"funnel","entry":{"event":{"type":"track","name":"Cart Created"}},
                 "steps":[{"id":"checkout","kind":"event","event":{"type":"track","name":"Checkout Started"},"within":{"duration":"PT1H"}},
                          {"id":"payment","kind":"event","event":{"type":"track","name":"Payment Info Entered"},"within":{"duration":"PT30M"}},
                          {"id":"order","kind":"event","event":{"type":"track","name":"Order Completed"},"within":{"duration":"PT2H","from":"step:checkout"}}],
                 "action":{"externalEventId":3}}
                """;
        RuleHarness h = new RuleHarness("p1", rule);
        h.track("Cart Created", null);
        h.advance(Duration.ofMinutes(10));
        h.track("Checkout Started", null);
        h.advance(Duration.ofMinutes(20));
        h.track("Payment Info Entered", null);
        // the order deadline is checkout (10:10) + 2 h = 12:10, not payment + 2 h
        assertThat(h.state.instances().get(0).deadline()).isEqualTo(RuleHarness.T0.plus(Duration.ofMinutes(130)));
        h.advance(Duration.ofMinutes(100));
        h.track("Order Completed", null);
        assertThat(h.fired).hasSize(1);
    }

    @Test
    void with_a_correlation_key_counts_and_exits_apply_per_key() {
        String rule = """
                {"id":"hesitation","entry":{"event":{"type":"track","name":"Product Viewed"},"correlateBy":"properties.sku"},
                 "steps":[{"id":"again","kind":"count","min":2,"event":{"type":"track","name":"Product Viewed"},"within":{"duration":"P1D"}}],
                 "exitWhen":[{"type":"track","name":"Product Added"}],
                 "action":{"externalEventId":3,"data":{"sku":"{{instance.key}}"}}}
                """;
        RuleHarness h = new RuleHarness("p1", rule);
        h.track("Product Viewed", "{\"sku\":\"a\"}");
        h.track("Product Viewed", "{\"sku\":\"b\"}");
        h.track("Product Viewed", "{\"sku\":\"a\"}");
        h.track("Product Viewed", "{\"sku\":\"b\"}");
        h.track("Product Added", "{\"sku\":\"b\"}");
        h.track("Product Viewed", "{\"sku\":\"b\"}");
        h.track("Product Viewed", "{\"sku\":\"a\"}");
        assertThat(h.fired).extracting(a -> a.payload().path("data").path("sku").asText()).containsExactly("a");
        assertThat(h.count(Trace.Kind.EXITED)).isEqualTo(1);
    }

    @Test
    void an_entry_without_the_correlation_value_does_not_start_an_instance() {
        RuleHarness h = new RuleHarness("p1", RuleEngineScenariosTest.ABANDONED_BROWSE);
        h.track("Product Viewed", "{\"price\":50}");
        assertThat(h.state.instances()).isEmpty();
        assertThat(h.trace).extracting(Trace::detail).anySatisfy(d -> assertThat(d).contains("no correlation value"));
    }

    @Test
    void captured_context_is_bounded() {
        RuleHarness h = new RuleHarness(new RuleEngine(new RuleLimits(25, Duration.ofDays(365), 10, 25, 25, 100, 200)), "p1",
                RuleEngineScenariosTest.A_THEN_B);
        h.track("Signed Up", "{\"source\":\"" + "x".repeat(500) + "\"}");
        h.track("Trial Started", "{\"plan\":\"pro\"}");
        assertThat(h.fired.get(0).payload().path("data").toString()).isEqualTo("{\"plan\":\"pro\"}");
    }

    @Test
    void a_merge_re_points_the_losers_timers_to_the_winner_and_they_still_fire() {
        RuleHarness loser = new RuleHarness("anon", RuleEngineScenariosTest.ABANDONED_BROWSE);
        loser.track("Product Viewed", "{\"product_id\":\"a\",\"name\":\"Boots\",\"price\":50}");
        RuleHarness winner = new RuleHarness("known", RuleEngineScenariosTest.ABANDONED_BROWSE);
        winner.advance(Duration.ofMinutes(5));
        StepResult r = winner.apply(winner.engine.merge(winner.rules, winner.state, loser.state, winner.person, winner.now));
        assertThat(r.timersToCancel()).containsExactly(loser.timers.keySet().iterator().next());
        assertThat(winner.timers.values()).singleElement().satisfies(t -> {
            assertThat(t.personId()).isEqualTo("known");
            assertThat(t.dueAt()).isEqualTo(RuleHarness.T0.plus(Duration.ofMinutes(130)));
        });
        winner.advance(Duration.ofHours(3));
        assertThat(winner.fired).singleElement().satisfies(a -> assertThat(a.personId()).isEqualTo("known"));
    }

    @Test
    void an_engine_without_explanations_still_reports_what_happened() {
        RuleHarness h = new RuleHarness(new RuleEngine(RuleLimits.DEFAULT, false), "p1", RuleEngineScenariosTest.A_THEN_B);
        h.track("Signed Up", null);
        h.track("Trial Started", null);
        assertThat(h.trace).extracting(Trace::kind).containsExactly(Trace.Kind.ENTERED, Trace.Kind.FIRED);
        assertThat(h.trace).extracting(Trace::detail).containsOnly("");
        assertThat(h.fired).hasSize(1);
    }

    @Test
    void long_trigger_ids_are_hashed_deterministically() {
        String a = RuleEngine.triggerId("r", 1, "k".repeat(200), "m1");
        assertThat(a).hasSizeLessThanOrEqualTo(128).startsWith("r:1:h").isEqualTo(RuleEngine.triggerId("r", 1, "k".repeat(200), "m1"));
        assertThat(a).isNotEqualTo(RuleEngine.triggerId("r", 1, "k".repeat(200), "m2"));
    }
}
