package io.emarsysdest.core.rules;

import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Step and exit conditions that compare an event with fields captured earlier in the instance. */
class RuleReferencesTest {
    static final String SAME_CART = """
            {"id":"same-cart","entry":{"event":{"type":"track","name":"Checkout Started"}},
             "steps":[{"id":"paid","kind":"event","within":{"duration":"PT1H"},
                       "event":{"type":"track","name":"Order Completed",
                                "where":[{"path":"properties.cart_id","op":"eq","value":{"ref":"entry.properties.cart_id"}}]}}],
             "exitWhen":[{"type":"track","name":"Cart Emptied",
                          "where":[{"path":"properties.cart_id","op":"eq","value":{"ref":"entry.properties.cart_id"}}]}],
             "action":{"externalEventId":8,"data":{"order":"{{steps.paid.properties.order_id}}"}}}
            """;

    @Test
    void a_step_completes_only_with_the_referenced_value() {
        RuleHarness h = new RuleHarness("p1", SAME_CART);
        h.track("Checkout Started", "{\"cart_id\":\"c1\"}");
        h.track("Order Completed", "{\"cart_id\":\"c2\",\"order_id\":\"o-other\"}");
        assertThat(h.fired).isEmpty();
        h.track("Order Completed", "{\"cart_id\":\"c1\",\"order_id\":\"o1\"}");
        assertThat(h.fired).singleElement().satisfies(a -> assertThat(a.payload().path("data").path("order").asText()).isEqualTo("o1"));
    }

    @Test
    void an_exit_can_be_limited_to_the_referenced_value() {
        RuleHarness h = new RuleHarness("p1", SAME_CART);
        h.track("Checkout Started", "{\"cart_id\":\"c1\"}");
        h.track("Cart Emptied", "{\"cart_id\":\"c9\"}");
        assertThat(h.state.instances()).hasSize(1);
        h.track("Cart Emptied", "{\"cart_id\":\"c1\"}");
        assertThat(h.state.instances()).isEmpty();
    }

    @Test
    void a_missing_captured_value_never_equals() {
        RuleHarness h = new RuleHarness("p1", SAME_CART);
        h.track("Checkout Started", null);
        h.track("Order Completed", "{\"order_id\":\"o1\"}");
        assertThat(h.fired).isEmpty();
    }

    @Test
    void references_are_validated() {
        String bad = """
                {"id":"bad-refs","entry":{"event":{"type":"track","name":"A","where":[{"path":"properties.x","op":"eq","value":{"ref":"entry.properties.x"}}]}},
                 "steps":[{"id":"gone","kind":"absence","within":{"duration":"PT1H"},"event":{"type":"track","name":"B"}},
                          {"id":"c","kind":"event","within":{"duration":"PT1H"},
                           "event":{"type":"track","name":"C","where":[{"path":"properties.x","op":"gt","value":{"ref":"entry.properties.x"}},
                                                                       {"path":"properties.y","op":"eq","value":{"ref":"steps.gone.properties.y"}},
                                                                       {"path":"properties.z","op":"eq","value":{"ref":"order.z"}}]}}],
                 "action":{"externalEventId":1}}
                """;
        assertThat(new RuleParser().parse(RuleHarness.json(bad)).problems()).extracting(Problem::path).containsExactly(
                "entry.event.where[0].value.ref", "steps[1].event.where[0].value.ref", "steps[1].event.where[1].value.ref",
                "steps[1].event.where[2].value.ref");
    }
}
