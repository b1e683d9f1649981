package io.emarsysdest.core.rules;

import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RuleParserTest {
    private final RuleParser parser = new RuleParser();

    @Test
    void parses_a_complete_rule() {
        RuleDefinition r = RuleHarness.rule(RuleEngineScenariosTest.ABANDONED_BROWSE);
        assertThat(r.id()).isEqualTo("abandoned-browse");
        assertThat(r.version()).isEqualTo(3);
        assertThat(r.correlateBy().text()).isEqualTo("properties.product_id");
        assertThat(r.steps()).singleElement().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(StepKind.ABSENCE);
            assertThat(s.within()).isEqualTo(new Window(Duration.ofHours(2), Window.Anchor.ENTRY, null));
        });
        assertThat(r.exitWhen()).hasSize(1);
        assertThat(r.reentry()).isEqualTo(new Reentry(ReentryMode.AFTER_EXIT, Duration.ofDays(1), 5));
        assertThat(r.time()).isEqualTo(new TimeSettings(Duration.ofMinutes(10), Duration.ofDays(2)));
        assertThat(r.action().externalEventName()).isEqualTo("abandoned_browse");
        assertThat(r.action().data().references()).containsExactly("entry.properties.name", "instance.key");
    }

    @Test
    void the_documented_example_is_valid_and_renders_nested_data() {
        String doc = """
                {"id":"abandoned-browse","name":"Abandoned browse",
                 "entry":{"event":{"type":"track","name":"Product Viewed","where":[{"path":"properties.price","op":"gte","value":20}]},
                          "correlateBy":"properties.product_id"},
                 "person":{"traits":[{"path":"email","op":"exists"}],"inAudiences":["newsletter"],"notInAudiences":["blocked"]},
                 "steps":[{"id":"no_order","kind":"absence","event":{"type":"track","name":"Order Completed"},
                           "within":{"duration":"PT2H","from":"entry"}}],
                 "exitWhen":[{"type":"track","name":"Account Deleted"}],
                 "reentry":{"mode":"afterExit","cooldown":"P1D","maxActive":5},
                 "time":{"grace":"PT10M","ignoreEventsOlderThan":"P2D"},
                 "action":{"externalEvent":"abandoned_browse",
                           "data":{"global":{"product":"{{entry.properties.name}}","sku":"{{instance.key}}","first_name":"{{person.traits.firstName}}"}}}}
                """;
        RuleHarness h = new RuleHarness("p1", doc);
        h.person = new PersonContext("p1", (com.fasterxml.jackson.databind.node.ObjectNode) RuleHarness.json("{\"email\":\"a@b.c\",\"firstName\":\"Ann\"}"),
                java.util.Set.of("newsletter"));
        h.track("Product Viewed", "{\"product_id\":\"sku-1\",\"name\":\"Boots\",\"price\":50}");
        h.advance(Duration.ofHours(3));
        assertThat(h.fired).singleElement().satisfies(a -> assertThat(a.payload().path("data").toString())
                .isEqualTo("{\"global\":{\"product\":\"Boots\",\"sku\":\"sku-1\",\"first_name\":\"Ann\"}}"));
    }

    @Test
    void reports_every_problem_of_a_bad_rule_with_its_path() {
        String bad = """
                {"id":"bad rule!","colour":"red",
                 "entry":{"event":{"type":"click","where":[{"path":"properties.x","op":"almost","value":1}]},"correlateBy":"a..b"},
                 "person":{"inAudiences":[""]},
                 "steps":[{"id":"s1","kind":"event","event":{"type":"track","name":"A"},"within":{"duration":"2 hours"}},
                          {"id":"s1","kind":"wait","event":{"type":"track"},"within":{"duration":"P400D","from":"step:nope"}},
                          {"id":"c","kind":"count","min":0,"max":-1,"event":{"type":"page"},"within":{"duration":"PT1H","from":"somewhere"}},
                          {"id":"x","kind":"absence","min":2,"event":{"type":"track","name":"B"}}],
                 "exitWhen":{"type":"track"},
                 "reentry":{"mode":"sometimes","cooldown":"soon","maxActive":99},
                 "time":{"grace":"P2D","ignoreEventsOlderThan":"PT0S"},
                 "action":{"externalEventId":-3,"externalEvent":"","data":{"a":"{{steps.x.properties.y}}","b":"{{order.id}}","c":"{{steps.zz.q}}"}}}
                """;
        RuleParser.Parsed p = parser.parse(RuleHarness.json(bad));
        assertThat(p.ok()).isFalse();
        assertThat(p.rule()).isNull();
        assertThat(p.problems()).extracting(Problem::path, Problem::code).contains(
                org.assertj.core.groups.Tuple.tuple("id", "invalid_id"),
                org.assertj.core.groups.Tuple.tuple("colour", "unknown_field"),
                org.assertj.core.groups.Tuple.tuple("entry.event.type", "unknown_type"),
                org.assertj.core.groups.Tuple.tuple("entry.event.where[0].op", "unknown_op"),
                org.assertj.core.groups.Tuple.tuple("entry.correlateBy", "invalid_path"),
                org.assertj.core.groups.Tuple.tuple("person.inAudiences[0]", "wrong_type"),
                org.assertj.core.groups.Tuple.tuple("steps[0].within.duration", "invalid_duration"),
                org.assertj.core.groups.Tuple.tuple("steps[1].id", "duplicate_id"),
                org.assertj.core.groups.Tuple.tuple("steps[1].kind", "unknown_kind"),
                org.assertj.core.groups.Tuple.tuple("steps[1].event.name", "missing"),
                org.assertj.core.groups.Tuple.tuple("steps[1].within.duration", "window_too_long"),
                org.assertj.core.groups.Tuple.tuple("steps[1].within.from", "unknown_step"),
                org.assertj.core.groups.Tuple.tuple("steps[2].min", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("steps[2].max", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("steps[2].within.from", "unknown_anchor"),
                org.assertj.core.groups.Tuple.tuple("steps[3].min", "not_allowed"),
                org.assertj.core.groups.Tuple.tuple("steps[3].within", "missing"),
                org.assertj.core.groups.Tuple.tuple("exitWhen", "wrong_type"),
                org.assertj.core.groups.Tuple.tuple("reentry.mode", "unknown_mode"),
                org.assertj.core.groups.Tuple.tuple("reentry.cooldown", "invalid_duration"),
                org.assertj.core.groups.Tuple.tuple("reentry.maxActive", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("time.grace", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("time.ignoreEventsOlderThan", "out_of_range"),
                org.assertj.core.groups.Tuple.tuple("action.externalEventId", "wrong_type"),
                org.assertj.core.groups.Tuple.tuple("action.externalEvent", "wrong_type"),
                org.assertj.core.groups.Tuple.tuple("action", "ambiguous_target"));
        assertThat(p.problems()).filteredOn(x -> x.code().equals("invalid_reference")).extracting(Problem::message)
                .anySatisfy(m -> assertThat(m).contains("{{steps.x.properties.y}}").contains("absence"))
                .anySatisfy(m -> assertThat(m).contains("{{order.id}}"))
                .anySatisfy(m -> assertThat(m).contains("no step 'zz'"));
    }

    @Test
    void misspelt_fields_anywhere_are_reported() {
        String rule = RuleEngineScenariosTest.ABANDONED_BROWSE
                .replace("\"cooldown\"", "\"coolDown\"")
                .replace("\"from\":\"entry\"}", "\"from\":\"entry\",\"form\":1}")
                .replace("\"correlateBy\"", "\"correlate\"")
                .replace("\"externalEvent\"", "\"externalEvent\":\"x\",\"dta\":{},\"ignored\"");
        assertThat(new RuleParser().parse(RuleHarness.json(rule)).problems()).extracting(Problem::path)
                .containsExactlyInAnyOrder("entry.correlate", "steps[0].within.form", "reentry.coolDown", "action.dta", "action.ignored");
    }

    @Test
    void enforces_the_step_and_exit_guardrails() {
        StringBuilder steps = new StringBuilder();
        for (int i = 0; i < 26; i++) {
            if (i > 0) steps.append(',');
            steps.append("{\"id\":\"s").append(i).append("\",\"kind\":\"event\",\"event\":{\"type\":\"page\"},\"within\":{\"duration\":\"PT1H\"}}");
        }
        StringBuilder exits = new StringBuilder();
        for (int i = 0; i < 11; i++) exits.append(i > 0 ? "," : "").append("{\"type\":\"track\",\"name\":\"E").append(i).append("\"}");
        String rule = "{\"id\":\"big\",\"entry\":{\"event\":{\"type\":\"page\"}},\"steps\":[" + steps + "],\"exitWhen\":[" + exits
                + "],\"action\":{\"externalEventId\":1}}";
        assertThat(parser.parse(RuleHarness.json(rule)).problems()).extracting(Problem::code)
                .containsExactlyInAnyOrder("too_many_steps", "too_many_exit_events");
    }

    @Test
    void an_instance_may_not_live_longer_than_the_longest_window() {
        String rule = """
                {"id":"long","entry":{"event":{"type":"page"}},
                 "steps":[{"id":"a","kind":"event","event":{"type":"page"},"within":{"duration":"P200D"}},
                          {"id":"b","kind":"event","event":{"type":"page"},"within":{"duration":"P200D","from":"previous"}}],
                 "action":{"externalEventId":1}}
                """;
        assertThat(parser.parse(RuleHarness.json(rule)).problems()).extracting(Problem::path, Problem::code)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("steps[1].within", "rule_too_long"));
    }

    @Test
    void a_rule_must_be_an_object_with_entry_and_action() {
        assertThat(parser.parse(RuleHarness.json("[]")).problems()).extracting(Problem::code).containsExactly("not_an_object");
        assertThat(parser.parse(RuleHarness.json("{\"id\":\"x\"}")).problems()).extracting(Problem::path).containsExactly("entry", "action");
    }

    @Test
    void the_limits_report_all_their_problems() {
        assertThat(new RuleLimits(0, Duration.ZERO, -1, 0, 0, -1, 0).validate()).hasSize(7);
        assertThat(RuleLimits.DEFAULT.validate()).isEmpty();
    }
}
