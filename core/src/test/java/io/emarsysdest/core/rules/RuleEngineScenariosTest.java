package io.emarsysdest.core.rules;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden scenarios: one person, a manual clock, timers fired as the clock passes them. */
class RuleEngineScenariosTest {

    static final String A_THEN_B = """
            {"id":"a-then-b","version":1,
             "entry":{"event":{"type":"track","name":"Signed Up"}},
             "steps":[{"id":"b","kind":"event","event":{"type":"track","name":"Trial Started"},
                       "within":{"duration":"PT1H","from":"entry"}}],
             "time":{"grace":"PT1M"},
             "action":{"externalEventId":42,"data":{"plan":"{{steps.b.properties.plan}}","source":"{{entry.properties.source}}"}}}
            """;

    static final String ABANDONED_BROWSE = """
            {"id":"abandoned-browse","version":3,
             "entry":{"event":{"type":"track","name":"Product Viewed","where":[{"path":"properties.price","op":"gte","value":20}]},
                      "correlateBy":"properties.product_id"},
             "steps":[{"id":"no_order","kind":"absence","within":{"duration":"PT2H","from":"entry"},
                       "event":{"type":"track","name":"Order Completed"}}],
             "exitWhen":[{"type":"track","name":"Account Deleted"}],
             "reentry":{"mode":"afterExit","cooldown":"P1D","maxActive":5},
             "time":{"grace":"PT10M","ignoreEventsOlderThan":"P2D"},
             "action":{"externalEvent":"abandoned_browse","data":{"product":"{{entry.properties.name}}","id":"{{instance.key}}"}}}
            """;

    @Nested
    class AThenB {
        @Test
        void fires_when_b_follows_a_within_the_window() {
            RuleHarness h = new RuleHarness("p1", A_THEN_B);
            h.track("Signed Up", "{\"source\":\"ads\"}");
            h.advance(Duration.ofMinutes(30));
            h.track("Trial Started", "{\"plan\":\"pro\"}");

            assertThat(h.fired).hasSize(1);
            RuleAction a = h.fired.get(0);
            assertThat(a.externalEventId()).isEqualTo(42L);
            assertThat(a.payload().path("data").toString()).isEqualTo("{\"plan\":\"pro\",\"source\":\"ads\"}");
            assertThat(a.payload().path("event_time").asText()).isEqualTo("2026-11-23T10:30:00.000Z");
            assertThat(a.triggerId()).isEqualTo("a-then-b:1:-:p1-m1");
            assertThat(a.payload().path("trigger_id").asText()).isEqualTo(a.triggerId());
            assertThat(h.state.instances()).isEmpty();
            assertThat(h.timers).isEmpty();
        }

        @Test
        void does_not_fire_when_b_comes_after_the_window() {
            RuleHarness h = new RuleHarness("p1", A_THEN_B);
            h.track("Signed Up", null);
            assertThat(h.timers).hasSize(1);
            h.advance(Duration.ofMinutes(90));
            h.track("Trial Started", null);

            assertThat(h.fired).isEmpty();
            assertThat(h.count(Trace.Kind.EXPIRED)).isEqualTo(1);
            assertThat(h.state.instances()).isEmpty();
        }

        @Test
        void a_b_event_timed_inside_the_window_counts_when_it_arrives_during_the_grace() {
            RuleHarness h = new RuleHarness("p1", A_THEN_B);
            h.track("Signed Up", null);
            h.advance(Duration.ofSeconds(3630)); // 30 s after the deadline, before deadline + grace
            h.track("Trial Started", null, RuleHarness.T0.plus(Duration.ofMinutes(59)));
            assertThat(h.fired).hasSize(1);
        }

        @Test
        void a_b_event_timed_after_the_deadline_does_not_count_even_before_the_timer_fires() {
            RuleHarness h = new RuleHarness("p1", A_THEN_B);
            h.track("Signed Up", null);
            h.advance(Duration.ofSeconds(3630));
            h.track("Trial Started", null);
            assertThat(h.fired).isEmpty();
            assertThat(h.count(Trace.Kind.OUTSIDE_WINDOW)).isEqualTo(1);
        }

        @Test
        void a_step_event_earlier_than_the_entry_is_out_of_order_and_does_not_count() {
            RuleHarness h = new RuleHarness("p1", A_THEN_B);
            h.track("Signed Up", null);
            h.advance(Duration.ofMinutes(5));
            h.track("Trial Started", null, RuleHarness.T0.minus(Duration.ofMinutes(1)));
            assertThat(h.fired).isEmpty();
            assertThat(h.count(Trace.Kind.OUT_OF_ORDER)).isEqualTo(1);
            assertThat(h.state.instances()).hasSize(1);
        }
    }

    @Nested
    class AbandonedBrowse {
        @Test
        void fires_at_two_hours_plus_grace_when_no_order_arrives() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"name\":\"Boots\",\"price\":50}");
            h.advance(Duration.ofMinutes(129));
            assertThat(h.fired).isEmpty();
            h.advance(Duration.ofMinutes(1));

            assertThat(h.fired).hasSize(1);
            RuleAction a = h.fired.get(0);
            assertThat(a.firedAt()).isEqualTo(RuleHarness.T0.plus(Duration.ofMinutes(130)));
            assertThat(a.eventTime()).isEqualTo(RuleHarness.T0.plus(Duration.ofHours(2)));
            assertThat(a.externalEventName()).isEqualTo("abandoned_browse");
            assertThat(a.externalEventId()).isNull();
            assertThat(a.payload().path("data").toString()).isEqualTo("{\"product\":\"Boots\",\"id\":\"sku-1\"}");
            assertThat(a.triggerId()).isEqualTo("abandoned-browse:3:sku-1:p1-m1");
        }

        @Test
        void does_not_fire_when_an_order_arrives_within_two_hours() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":50}");
            h.advance(Duration.ofMinutes(45));
            StepResult r = h.track("Order Completed", "{\"order_id\":\"o1\"}");
            assertThat(r.timersToCancel()).hasSize(1);
            h.advance(Duration.ofHours(5));

            assertThat(h.fired).isEmpty();
            assertThat(h.count(Trace.Kind.CANCELLED_BY_EVENT)).isEqualTo(1);
        }

        @Test
        void a_cheap_product_does_not_enter() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":5}");
            h.advance(Duration.ofHours(5));
            assertThat(h.fired).isEmpty();
            assertThat(h.state.isEmpty()).isTrue();
        }

        @Test
        void runs_one_instance_per_product() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"name\":\"Boots\",\"price\":50}");
            h.advance(Duration.ofMinutes(10));
            h.track("Product Viewed", "{\"product_id\":\"sku-2\",\"name\":\"Hat\",\"price\":30}");
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"name\":\"Boots\",\"price\":50}"); // already running
            assertThat(h.state.instances()).extracting(RuleInstance::key).containsExactly("sku-1", "sku-2");
            // an order naming sku-2 cancels only sku-2's instance
            h.track("Order Completed", "{\"product_id\":\"sku-2\"}");
            h.advance(Duration.ofHours(3));

            assertThat(h.fired).extracting(a -> a.payload().path("data").path("product").asText()).containsExactly("Boots");
        }

        @Test
        void an_exit_event_half_way_ends_the_instance() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":50}");
            h.advance(Duration.ofHours(1));
            StepResult r = h.track("Account Deleted", null);
            assertThat(r.timersToCancel()).hasSize(1);
            h.advance(Duration.ofHours(5));
            assertThat(h.fired).isEmpty();
            assertThat(h.count(Trace.Kind.EXITED)).isEqualTo(1);
        }

        @Test
        void an_order_timed_before_the_deadline_but_arriving_after_the_fire_is_late() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":50}");
            h.advance(Duration.ofHours(3));
            h.track("Order Completed", null, RuleHarness.T0.plus(Duration.ofMinutes(90)));
            assertThat(h.fired).hasSize(1);
            assertThat(h.count(Trace.Kind.LATE)).isEqualTo(1);
        }
    }

    @Nested
    class OldEvents {
        @Test
        void an_event_older_than_the_limit_never_starts_a_rule() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.advance(Duration.ofDays(10));
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":50}", RuleHarness.T0);
            h.advance(Duration.ofDays(1));
            assertThat(h.fired).isEmpty();
            assertThat(h.state.instances()).isEmpty();
            assertThat(h.trace).anySatisfy(t -> {
                assertThat(t.kind()).isEqualTo(Trace.Kind.NOT_ENTERED);
                assertThat(t.detail()).contains("old events never start a rule");
            });
        }

        @Test
        void an_old_event_may_still_advance_a_live_instance() {
            String rule = A_THEN_B.replace("\"grace\":\"PT1M\"", "\"grace\":\"PT1M\",\"ignoreEventsOlderThan\":\"PT10M\"");
            RuleHarness h = new RuleHarness("p1", rule);
            h.track("Signed Up", null);
            h.advance(Duration.ofMinutes(50));
            h.track("Trial Started", null, RuleHarness.T0.plus(Duration.ofMinutes(20))); // 30 min old on arrival
            assertThat(h.fired).hasSize(1);
        }
    }

    @Nested
    class Counts {
        static final String THREE_VIEWS = """
                {"id":"three-views","entry":{"event":{"type":"track","name":"Session Started"}},
                 "steps":[{"id":"views","kind":"count","min":3,"event":{"type":"track","name":"Product Viewed"},
                           "within":{"duration":"P1D","from":"entry"}}],
                 "action":{"externalEventId":7,"data":{"last":"{{steps.views.properties.sku}}"}}}
                """;

        @Test
        void fires_on_the_third_distinct_event_inside_the_window() {
            RuleHarness h = new RuleHarness("p1", THREE_VIEWS);
            h.track("Session Started", null);
            h.track("Product Viewed", "{\"sku\":\"a\"}");
            h.send(RuleHarness.event("p1-m2", io.emarsysdest.core.event.EventType.TRACK, "Product Viewed", "{\"sku\":\"a\"}", h.now, h.now)); // duplicate messageId
            assertThat(h.fired).isEmpty();
            h.advance(Duration.ofHours(3));
            h.track("Product Viewed", "{\"sku\":\"b\"}");
            assertThat(h.fired).isEmpty();
            h.track("Product Viewed", "{\"sku\":\"c\"}");
            assertThat(h.fired).hasSize(1);
            assertThat(h.fired.get(0).payload().path("data").path("last").asText()).isEqualTo("c");
        }

        @Test
        void does_not_fire_when_the_window_closes_first() {
            RuleHarness h = new RuleHarness("p1", THREE_VIEWS);
            h.track("Session Started", null);
            h.track("Product Viewed", null);
            h.track("Product Viewed", null);
            h.advance(Duration.ofDays(2));
            h.track("Product Viewed", null);
            assertThat(h.fired).isEmpty();
        }

        @Test
        void a_count_with_a_max_fires_at_the_deadline_only_when_within_bounds() {
            String rule = THREE_VIEWS.replace("\"min\":3", "\"min\":1,\"max\":2").replace("three-views", "few-views");
            RuleHarness within = new RuleHarness("p1", rule);
            within.track("Session Started", null);
            within.track("Product Viewed", null);
            within.track("Product Viewed", null);
            assertThat(within.fired).isEmpty();
            within.advance(Duration.ofDays(2));
            assertThat(within.fired).hasSize(1);
            assertThat(within.fired.get(0).eventTime()).isEqualTo(RuleHarness.T0.plus(Duration.ofDays(1)));

            RuleHarness tooMany = new RuleHarness("p1", rule);
            tooMany.track("Session Started", null);
            for (int i = 0; i < 3; i++) tooMany.track("Product Viewed", null);
            tooMany.advance(Duration.ofDays(2));
            assertThat(tooMany.fired).isEmpty();
        }
    }

    @Nested
    class Reentry {
        static String rule(String reentry) {
            return """
                    {"id":"welcome","entry":{"event":{"type":"track","name":"Signed Up"}},
                     "steps":[{"id":"wait","kind":"absence","event":{"type":"track","name":"Never"},"within":{"duration":"PT1H"}}],
                     "reentry":%s, "time":{"grace":"PT0S"},
                     "action":{"externalEventId":1}}
                    """.formatted(reentry);
        }

        @Test
        void once_enters_only_the_first_time_ever() {
            RuleHarness h = new RuleHarness("p1", rule("{\"mode\":\"once\"}"));
            h.track("Signed Up", null);
            h.advance(Duration.ofHours(2));
            h.track("Signed Up", null);
            h.advance(Duration.ofHours(2));
            assertThat(h.fired).hasSize(1);
        }

        @Test
        void after_exit_enters_again_only_when_the_previous_instance_ended() {
            RuleHarness h = new RuleHarness("p1", rule("{\"mode\":\"afterExit\"}"));
            h.track("Signed Up", null);
            h.advance(Duration.ofMinutes(10));
            h.track("Signed Up", null); // still live: refused
            assertThat(h.state.instances()).hasSize(1);
            h.advance(Duration.ofHours(2)); // fired, ended
            h.track("Signed Up", null);
            h.advance(Duration.ofHours(2));
            assertThat(h.fired).hasSize(2);
            assertThat(h.fired).extracting(RuleAction::triggerId).containsExactly("welcome:1:-:p1-m1", "welcome:1:-:p1-m3");
        }

        @Test
        void always_runs_parallel_instances_up_to_max_active() {
            RuleHarness h = new RuleHarness("p1", rule("{\"mode\":\"always\",\"maxActive\":2}"));
            h.track("Signed Up", null);
            h.advance(Duration.ofMinutes(1));
            h.track("Signed Up", null);
            h.advance(Duration.ofMinutes(1));
            h.track("Signed Up", null); // third: over maxActive
            assertThat(h.state.instances()).hasSize(2);
            h.advance(Duration.ofHours(2));
            assertThat(h.fired).hasSize(2);
        }

        @Test
        void the_cooldown_refuses_entries_and_fires_until_it_has_passed() {
            RuleHarness h = new RuleHarness("p1", rule("{\"mode\":\"always\",\"cooldown\":\"PT3H\",\"maxActive\":3}"));
            h.track("Signed Up", null);
            h.advance(Duration.ofMinutes(1));
            h.track("Signed Up", null); // live in parallel, but completes inside the cooldown of the first fire
            h.advance(Duration.ofHours(1));
            assertThat(h.fired).hasSize(1);
            assertThat(h.count(Trace.Kind.SUPPRESSED)).isEqualTo(1);
            h.track("Signed Up", null); // 1 h after the fire: cooling down
            assertThat(h.state.instances()).isEmpty();
            h.advance(Duration.ofHours(3));
            h.track("Signed Up", null);
            h.advance(Duration.ofHours(2));
            assertThat(h.fired).hasSize(2);
        }
    }

    @Nested
    class PersonConditions {
        static final String VIP_ONLY = """
                {"id":"vip","entry":{"event":{"type":"track","name":"Signed Up"}},
                 "person":{"traits":[{"path":"plan","op":"eq","value":"gold"}],"inAudiences":["vip"]},
                 "action":{"externalEventId":9,"data":{"email":"{{person.traits.email}}","who":"{{person.id}}"}}}
                """;

        @Test
        void a_rule_without_steps_fires_on_entry_when_the_person_matches() {
            RuleHarness h = new RuleHarness("p1", VIP_ONLY);
            h.person = new PersonContext("p1", (com.fasterxml.jackson.databind.node.ObjectNode) RuleHarness.json("{\"plan\":\"gold\",\"email\":\"a@b.c\"}"), java.util.Set.of("vip"));
            h.track("Signed Up", null);
            assertThat(h.fired).hasSize(1);
            assertThat(h.fired.get(0).payload().path("data").toString()).isEqualTo("{\"email\":\"a@b.c\",\"who\":\"p1\"}");
        }

        @Test
        void does_not_enter_outside_the_audience() {
            RuleHarness h = new RuleHarness("p1", VIP_ONLY);
            h.person = new PersonContext("p1", (com.fasterxml.jackson.databind.node.ObjectNode) RuleHarness.json("{\"plan\":\"gold\"}"), java.util.Set.of());
            h.track("Signed Up", null);
            assertThat(h.fired).isEmpty();
        }
    }

    @Nested
    class Versions {
        @Test
        void an_instance_of_a_deactivated_rule_is_dropped_and_never_fires() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":50}");
            h.rules = RuleSet.EMPTY;
            h.advance(Duration.ofHours(3));
            assertThat(h.fired).isEmpty();
            assertThat(h.count(Trace.Kind.DROPPED)).isEqualTo(1);
        }

        @Test
        void a_live_instance_keeps_its_version_while_a_new_version_is_active() {
            RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
            h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":50}");
            RuleDefinition v3 = h.rules.active().get(0);
            RuleDefinition v4 = RuleHarness.rule(ABANDONED_BROWSE.replace("\"version\":3", "\"version\":4"));
            h.rules = RuleSet.of(java.util.List.of(v4), java.util.List.of(v3));
            h.advance(Duration.ofHours(3));
            assertThat(h.fired).extracting(RuleAction::version).containsExactly(3);
        }
    }

    @Test
    void the_same_inputs_give_the_same_trigger_ids() {
        RuleHarness a = new RuleHarness("p1", ABANDONED_BROWSE);
        RuleHarness b = new RuleHarness("p1", ABANDONED_BROWSE);
        for (RuleHarness h : new RuleHarness[]{a, b}) {
            h.track("Product Viewed", "{\"product_id\":\"sku-9\",\"price\":50}");
            h.advance(Duration.ofHours(3));
        }
        assertThat(a.fired.get(0).payload()).isEqualTo(b.fired.get(0).payload());
    }

    @Test
    void a_person_holds_at_most_the_configured_number_of_live_instances() {
        RuleEngine small = new RuleEngine(new RuleLimits(25, Duration.ofDays(365), 10, 2, 25, 4096, 200));
        RuleHarness h = new RuleHarness(small, "p1", ABANDONED_BROWSE);
        for (int i = 0; i < 4; i++) h.track("Product Viewed", "{\"product_id\":\"sku-" + i + "\",\"price\":50}");
        assertThat(h.state.instances()).hasSize(2);
        assertThat(h.trace).filteredOn(t -> t.kind() == Trace.Kind.NOT_ENTERED).hasSize(2);
    }

    @Test
    void events_no_rule_listens_to_change_nothing() {
        RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
        StepResult r = h.track("Something Else", null);
        assertThat(r.changed()).isFalse();
        assertThat(r.state()).isSameAs(h.state);
    }

    @Test
    void a_stale_timer_changes_nothing() {
        RuleHarness h = new RuleHarness("p1", ABANDONED_BROWSE);
        h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"price\":50}");
        RuleTimer t = h.timers.values().iterator().next();
        RuleTimer stale = new RuleTimer(t.personId(), t.ruleId(), t.instanceId(), t.version(), t.deadline().minusSeconds(60), t.dueAt());
        StepResult r = h.engine.onTimer(h.rules, h.state, h.person, stale, Instant.parse("2026-11-23T13:00:00Z"));
        assertThat(r.changed()).isFalse();
        assertThat(r.actions()).isEmpty();
        assertThat(r.trace()).extracting(Trace::kind).containsExactly(Trace.Kind.STALE_TIMER);
    }
}
