package io.emarsysdest.core.rules;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Identity merges: the loser's rule state joins the winner's. */
class RuleMergeTest {
    static final String VIEW_THEN_BUY = """
            {"id":"view-then-buy","entry":{"event":{"type":"track","name":"Product Viewed"}},
             "steps":[{"id":"buy","kind":"event","event":{"type":"track","name":"Order Completed"},"within":{"duration":"P1D"}}],
             "action":{"externalEventId":5,"data":{"viewed":"{{entry.properties.sku}}"}}}
            """;
    static final String THREE_VIEWS = RuleEngineScenariosTest.Counts.THREE_VIEWS;

    @Test
    void anonymous_activity_completes_the_rule_after_the_person_logs_in() {
        RuleHarness anon = new RuleHarness("anon", VIEW_THEN_BUY);
        anon.track("Product Viewed", "{\"sku\":\"boots\"}");
        RuleHarness known = new RuleHarness("known", VIEW_THEN_BUY);
        known.advance(Duration.ofMinutes(20));

        StepResult merged = known.engine.merge(known.rules, known.state, anon.state, known.person, known.now);
        assertThat(merged.timersToCancel()).extracting(TimerKey::personId).containsExactly("anon");
        assertThat(merged.timersToSet()).singleElement().satisfies(t -> assertThat(t.personId()).isEqualTo("known"));
        known.apply(merged);
        known.track("Order Completed", null);

        assertThat(known.fired).singleElement().satisfies(a -> {
            assertThat(a.personId()).isEqualTo("known");
            assertThat(a.payload().path("data").path("viewed").asText()).isEqualTo("boots");
        });
    }

    @Test
    void the_further_along_instance_wins_and_the_other_is_dropped() {
        String twoSteps = """
                {"id":"two","entry":{"event":{"type":"track","name":"A"}},
                 "steps":[{"id":"b","kind":"event","event":{"type":"track","name":"B"},"within":{"duration":"P1D"}},
                          {"id":"c","kind":"event","event":{"type":"track","name":"C"},"within":{"duration":"P1D"}}],
                 "action":{"externalEventId":5}}
                """;
        RuleHarness winner = new RuleHarness("w", twoSteps);
        winner.track("A", null);
        RuleHarness loser = new RuleHarness("l", twoSteps);
        loser.advance(Duration.ofMinutes(5));
        loser.track("A", null);
        loser.track("B", null);

        StepResult r = winner.engine.merge(winner.rules, winner.state, loser.state, winner.person, loser.now);
        assertThat(r.state().instances()).singleElement().satisfies(i -> {
            assertThat(i.stepIndex()).isEqualTo(1);
            assertThat(i.instanceId()).isEqualTo(loser.state.instances().get(0).instanceId());
        });
        assertThat(r.timersToCancel()).extracting(TimerKey::personId).containsExactlyInAnyOrder("w", "l");
    }

    @Test
    void at_the_same_step_the_earlier_entry_wins() {
        RuleHarness winner = new RuleHarness("w", VIEW_THEN_BUY);
        winner.advance(Duration.ofMinutes(30));
        winner.track("Product Viewed", "{\"sku\":\"late\"}");
        RuleHarness loser = new RuleHarness("l", VIEW_THEN_BUY);
        loser.track("Product Viewed", "{\"sku\":\"early\"}");

        StepResult r = winner.engine.merge(winner.rules, winner.state, loser.state, winner.person, winner.now);
        assertThat(r.state().instances()).singleElement()
                .satisfies(i -> assertThat(i.captured().path("entry.properties.sku").asText()).isEqualTo("early"));
    }

    @Test
    void counts_are_united_and_deduplicated_by_message_id_which_can_complete_the_step() {
        RuleHarness winner = new RuleHarness("w", THREE_VIEWS);
        RuleHarness loser = new RuleHarness("l", THREE_VIEWS);
        Instant t = RuleHarness.T0;
        winner.send(RuleHarness.event("w-start", io.emarsysdest.core.event.EventType.TRACK, "Session Started", null, t, t));
        loser.send(RuleHarness.event("l-start", io.emarsysdest.core.event.EventType.TRACK, "Session Started", null, t, t));
        for (String id : new String[]{"v1", "v2"}) {
            winner.send(RuleHarness.event(id, io.emarsysdest.core.event.EventType.TRACK, "Product Viewed", null, t.plusSeconds(60), t.plusSeconds(60)));
        }
        for (String id : new String[]{"v2", "v3"}) {
            loser.send(RuleHarness.event(id, io.emarsysdest.core.event.EventType.TRACK, "Product Viewed", null, t.plusSeconds(60), t.plusSeconds(60)));
        }
        StepResult r = winner.engine.merge(winner.rules, winner.state, loser.state, winner.person, t.plusSeconds(120));
        assertThat(r.actions()).hasSize(1);
        assertThat(r.state().instances()).isEmpty();

        // with only duplicates the count stays below min
        RuleHarness w2 = new RuleHarness("w", THREE_VIEWS);
        RuleHarness l2 = new RuleHarness("l", THREE_VIEWS);
        w2.send(RuleHarness.event("w-start", io.emarsysdest.core.event.EventType.TRACK, "Session Started", null, t, t));
        l2.send(RuleHarness.event("l-start", io.emarsysdest.core.event.EventType.TRACK, "Session Started", null, t, t));
        for (RuleHarness h : new RuleHarness[]{w2, l2}) {
            for (String id : new String[]{"v1", "v2"}) {
                h.send(RuleHarness.event(id, io.emarsysdest.core.event.EventType.TRACK, "Product Viewed", null, t.plusSeconds(60), t.plusSeconds(60)));
            }
        }
        StepResult r2 = w2.engine.merge(w2.rules, w2.state, l2.state, w2.person, t.plusSeconds(120));
        assertThat(r2.actions()).isEmpty();
        assertThat(r2.state().instances()).singleElement().satisfies(i -> assertThat(i.counted()).hasSize(2));
    }

    @Test
    void after_a_merge_the_per_person_limit_keeps_the_instances_furthest_along() {
        RuleEngine engine = new RuleEngine(new RuleLimits(25, Duration.ofDays(365), 10, 3, 25, 4096, 200));
        String perSku = RuleEngineScenariosTest.Counts.THREE_VIEWS.replace("\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Session Started\"}}",
                "\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Session Started\"},\"correlateBy\":\"properties.sku\"}");
        RuleHarness winner = new RuleHarness(engine, "w", perSku);
        RuleHarness loser = new RuleHarness(engine, "l", perSku);
        for (String sku : new String[]{"a", "b", "c"}) winner.track("Session Started", "{\"sku\":\"" + sku + "\"}");
        for (String sku : new String[]{"d", "e"}) {
            loser.track("Session Started", "{\"sku\":\"" + sku + "\"}");
            loser.track("Product Viewed", "{\"sku\":\"" + sku + "\"}");
        }
        StepResult r = engine.merge(winner.rules, winner.state, loser.state, winner.person, winner.now);
        assertThat(r.state().instances()).extracting(RuleInstance::key).containsExactly("d", "e", "a");
        assertThat(r.trace()).filteredOn(t -> t.kind() == Trace.Kind.DROPPED).hasSize(2);
        assertThat(r.timersToCancel()).extracting(TimerKey::personId).containsExactlyInAnyOrder("w", "w", "l", "l");
    }

    @Test
    void always_rules_keep_the_instances_of_both_persons() {
        String always = VIEW_THEN_BUY.replace("\"action\"", "\"reentry\":{\"mode\":\"always\",\"maxActive\":5},\"action\"");
        RuleHarness winner = new RuleHarness("w", always);
        winner.track("Product Viewed", "{\"sku\":\"a\"}");
        RuleHarness loser = new RuleHarness("l", always);
        loser.track("Product Viewed", "{\"sku\":\"b\"}");
        winner.apply(winner.engine.merge(winner.rules, winner.state, loser.state, winner.person, winner.now));
        assertThat(winner.state.instances()).hasSize(2);
        winner.track("Order Completed", null);
        assertThat(winner.fired).extracting(a -> a.payload().path("data").path("viewed").asText()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void fired_flags_are_ored_so_once_and_cooldowns_hold_after_a_merge() {
        String once = VIEW_THEN_BUY.replace("\"action\"", "\"reentry\":{\"mode\":\"once\"},\"action\"");
        RuleHarness loser = new RuleHarness("l", once);
        loser.track("Product Viewed", null);
        loser.track("Order Completed", null);
        assertThat(loser.fired).hasSize(1);
        RuleHarness winner = new RuleHarness("w", once);
        winner.advance(Duration.ofMinutes(1));
        winner.apply(winner.engine.merge(winner.rules, winner.state, loser.state, winner.person, winner.now));
        assertThat(winner.state.memory("view-then-buy", "")).satisfies(m -> {
            assertThat(m.fires()).isEqualTo(1);
            assertThat(m.lastFiredAt()).isEqualTo(RuleHarness.T0);
        });
        winner.track("Product Viewed", null);
        assertThat(winner.state.instances()).isEmpty();
    }

    @Test
    void the_state_survives_a_round_trip_through_its_json_form() {
        RuleHarness h = new RuleHarness("p1", THREE_VIEWS, RuleEngineScenariosTest.ABANDONED_BROWSE);
        h.track("Session Started", null);
        h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"name\":\"Boots\",\"price\":50}");
        String json = RuleStateCodec.write(h.state);
        assertThat(RuleStateCodec.read("p1", json)).isEqualTo(h.state);
    }
}
