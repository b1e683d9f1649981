package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.condition.Op;
import io.emarsysdest.core.condition.Predicate;
import io.emarsysdest.core.event.JsonPath;

/**
 * A step or exit condition comparing the event with a field captured earlier in the same instance:
 * {@code {"path":"properties.cart_id","op":"eq","value":{"ref":"entry.properties.cart_id"}}} (ops eq and neq).
 * A captured value that is missing (absent in the earlier event, or too large to capture) fails eq and passes neq.
 *
 * @param ref the captured field: {@code entry.<path>} or {@code steps.<id>.<path>} of an earlier step
 */
public record RefPredicate(JsonPath path, Op op, String ref) {

    boolean test(JsonNode eventBody, ObjectNode captured) {
        JsonNode expected = captured == null ? null : captured.get(ref);
        if (expected == null || expected.isNull()) {
            return op == Op.NEQ;
        }
        return new Predicate(path, op, expected, null).test(eventBody);
    }
}
