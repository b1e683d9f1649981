package io.emarsysdest.core.condition;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.event.JsonPath;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A conjunction of predicates (all must hold), written as a JSON array:
 * {@code [{"path":"properties.price","op":"gte","value":20},{"path":"properties.sku","op":"exists"}]}.
 * An empty condition is always true.
 */
public record Condition(List<Predicate> all) {
    public static final Condition ALWAYS = new Condition(List.of());

    public Condition {
        all = List.copyOf(all);
    }

    public boolean test(JsonNode root) {
        for (Predicate p : all) if (!p.test(root)) return false;
        return true;
    }

    /** Result of parsing: the condition when there were no problems. */
    public record Parsed(Condition condition, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** Parses a JSON array of predicates, collecting every problem (paths relative to the array). */
    public static Parsed parse(JsonNode json) {
        List<Problem> problems = new ArrayList<>();
        if (json == null || json.isMissingNode() || json.isNull()) return new Parsed(ALWAYS, problems);
        if (!json.isArray()) {
            problems.add(new Problem("", "not_an_array", "conditions must be a JSON array of {path, op, value}"));
            return new Parsed(null, problems);
        }
        List<Predicate> predicates = new ArrayList<>();
        for (int i = 0; i < json.size(); i++) {
            String at = "[" + i + "]";
            JsonNode p = json.get(i);
            if (!p.isObject()) {
                problems.add(new Problem(at, "not_an_object", "a condition must be an object {path, op, value}"));
                continue;
            }
            JsonPath path = null;
            JsonNode pathNode = p.path("path");
            if (!pathNode.isTextual()) {
                problems.add(new Problem(at + ".path", "missing", "path is required, e.g. \"properties.price\""));
            } else {
                try {
                    path = JsonPath.compile(pathNode.textValue());
                } catch (IllegalArgumentException e) {
                    problems.add(new Problem(at + ".path", "invalid_path", e.getMessage()));
                }
            }
            Op op = Op.fromWire(p.path("op").asText(null)).orElse(null);
            if (op == null) {
                problems.add(new Problem(at + ".op", "unknown_op", "op '" + p.path("op").asText("") + "' is not one of "
                        + "eq, neq, in, nin, gt, gte, lt, lte, exists, contains, startsWith, matches"));
            }
            JsonNode value = p.get("value");
            Pattern pattern = null;
            if (op != null) {
                switch (op) {
                    case EXISTS -> {
                        if (value != null && !value.isBoolean() && !value.isNull()) {
                            problems.add(new Problem(at + ".value", "wrong_type", "exists takes true, false or no value"));
                        }
                    }
                    case IN, NIN -> {
                        if (value == null || !value.isArray()) {
                            problems.add(new Problem(at + ".value", "wrong_type", op.wire() + " needs an array of values"));
                        }
                    }
                    case MATCHES -> {
                        if (value == null || !value.isTextual()) {
                            problems.add(new Problem(at + ".value", "wrong_type", "matches needs a regular expression string"));
                        } else {
                            try {
                                pattern = Pattern.compile(value.textValue());
                            } catch (PatternSyntaxException e) {
                                problems.add(new Problem(at + ".value", "invalid_regex", "not a valid regular expression: " + e.getDescription()));
                            }
                        }
                    }
                    default -> {
                        if (value == null || value.isContainerNode() || value.isNull()) {
                            problems.add(new Problem(at + ".value", "wrong_type", op.wire() + " needs a single value (string, number or boolean)"));
                        }
                    }
                }
            }
            if (path != null && op != null) predicates.add(new Predicate(path, op, value, pattern));
        }
        return problems.isEmpty() ? new Parsed(new Condition(predicates), problems) : new Parsed(null, problems);
    }
}
