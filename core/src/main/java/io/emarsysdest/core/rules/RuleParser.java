package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.condition.Condition;
import io.emarsysdest.core.condition.Op;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.event.JsonPath;
import io.emarsysdest.core.validation.Problem;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses and validates a rule's JSON, reporting every problem with its path ({@code steps[1].within.duration}).
 * See docs/rules.md for the format.
 */
public final class RuleParser {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,99}");
    private static final Set<String> TOP_LEVEL = Set.of("id", "version", "name", "description", "status", "entry", "person",
            "steps", "exitWhen", "reentry", "time", "action");
    private static final Set<String> REF_ROOTS = Set.of("entry", "steps", "person", "instance", "rule");

    /** Highest count a step may ask for: counted messageIds are kept in the instance, so this bounds its size. */
    static final int MAX_COUNT = 100;

    private final RuleLimits limits;

    public RuleParser(RuleLimits limits) {
        this.limits = limits;
    }

    public RuleParser() {
        this(RuleLimits.DEFAULT);
    }

    /** The rule when there were no problems, else null and all the problems. */
    public record Parsed(RuleDefinition rule, List<Problem> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    public Parsed parse(JsonNode json) {
        List<Problem> p = new ArrayList<>();
        if (json == null || !json.isObject()) {
            p.add(new Problem("", "not_an_object", "a rule must be a JSON object"));
            return new Parsed(null, p);
        }
        unknownFields(json, "", TOP_LEVEL, p);
        String id = json.path("id").asText(null);
        if (id == null || !json.path("id").isTextual()) {
            p.add(new Problem("id", "missing", "id is required (letters, digits, '_', '-', '.')"));
        } else if (!ID.matcher(id).matches()) {
            p.add(new Problem("id", "invalid_id", "id must be 1-100 letters, digits, '_', '-' or '.', starting with a letter or digit"));
        }
        int version = 1;
        if (json.has("version")) {
            if (!json.get("version").canConvertToInt() || json.get("version").intValue() < 1) {
                p.add(new Problem("version", "out_of_range", "version must be a positive integer"));
            } else {
                version = json.get("version").intValue();
            }
        }
        String name = json.path("name").isTextual() ? json.path("name").textValue() : id;

        // entry
        JsonNode entryNode = json.path("entry");
        EventMatcher entry = null;
        JsonPath correlateBy = null;
        if (!entryNode.isObject()) {
            p.add(new Problem("entry", "missing", "entry is required: {\"event\":{\"type\":\"track\",\"name\":\"...\"}}"));
        } else {
            unknownFields(entryNode, "entry", Set.of("event", "correlateBy"), p);
            entry = matcher(entryNode.path("event"), "entry.event", null, p);
            JsonNode cb = entryNode.path("correlateBy");
            if (!cb.isMissingNode() && !cb.isNull()) {
                if (!cb.isTextual()) {
                    p.add(new Problem("entry.correlateBy", "wrong_type", "correlateBy must be a path such as properties.product_id"));
                } else {
                    try {
                        correlateBy = JsonPath.compile(cb.textValue());
                    } catch (IllegalArgumentException e) {
                        p.add(new Problem("entry.correlateBy", "invalid_path", e.getMessage()));
                    }
                }
            }
        }

        PersonCondition person = person(json.path("person"), p);

        // steps
        List<StepDef> steps = new ArrayList<>();
        JsonNode stepsNode = json.path("steps");
        if (!stepsNode.isMissingNode() && !stepsNode.isArray()) {
            p.add(new Problem("steps", "wrong_type", "steps must be an array"));
        } else if (stepsNode.size() > limits.maxSteps()) {
            p.add(new Problem("steps", "too_many_steps", "a rule may have at most " + limits.maxSteps() + " steps, this one has " + stepsNode.size()));
        }
        Set<String> stepIds = new HashSet<>();
        Duration[] offsets = new Duration[stepsNode.isArray() ? stepsNode.size() : 0];
        if (stepsNode.isArray()) {
            for (int i = 0; i < stepsNode.size(); i++) {
                StepDef s = step(stepsNode.get(i), i, stepIds, steps, p);
                if (s != null) {
                    int k = steps.size();
                    steps.add(s);
                    offsets[k] = longestOffset(s, k, steps, offsets);
                    if (offsets[k] != null && offsets[k].compareTo(limits.maxWindow()) > 0) {
                        p.add(new Problem("steps[" + i + "].within", "rule_too_long", "an instance could live "
                                + offsets[k].toDays() + " days until this step's deadline; the limit is " + limits.maxWindow().toDays() + " days"));
                    }
                }
            }
        }

        // exits
        List<EventMatcher> exits = new ArrayList<>();
        JsonNode exitNode = json.path("exitWhen");
        if (!exitNode.isMissingNode() && !exitNode.isArray()) {
            p.add(new Problem("exitWhen", "wrong_type", "exitWhen must be an array of events"));
        } else if (exitNode.isArray()) {
            if (exitNode.size() > limits.maxExitEvents()) {
                p.add(new Problem("exitWhen", "too_many_exit_events", "a rule may have at most " + limits.maxExitEvents() + " exit events, this one has " + exitNode.size()));
            }
            for (int i = 0; i < exitNode.size(); i++) {
                EventMatcher m = matcher(exitNode.get(i), "exitWhen[" + i + "]", eventfulSteps(steps, steps.size()), p);
                if (m != null) exits.add(m);
            }
        }

        Reentry reentry = reentry(json.path("reentry"), p);
        TimeSettings time = time(json.path("time"), p);
        ActionDef action = action(json.path("action"), stepsNode, p);

        if (!p.isEmpty()) return new Parsed(null, p);
        return new Parsed(new RuleDefinition(id, version, name, entry, correlateBy, person, steps, exits, reentry, time, action, json.deepCopy()), p);
    }

    private static void unknownFields(JsonNode n, String at, Set<String> allowed, List<Problem> p) {
        if (!n.isObject()) return;
        for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
            String f = it.next();
            if (!allowed.contains(f)) p.add(new Problem(at.isEmpty() ? f : at + "." + f, "unknown_field", "unknown field '" + f + "'"));
        }
    }

    /** Ids of the first {@code n} steps that consume an event (whose fields can be captured). */
    private static Set<String> eventfulSteps(List<StepDef> steps, int n) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < n; i++) if (steps.get(i).kind() != StepKind.ABSENCE) ids.add(steps.get(i).id());
        return ids;
    }

    /** Upper bound of the time from entry to this step's deadline (for the rule-life guardrail). */
    private static Duration longestOffset(StepDef s, int i, List<StepDef> steps, Duration[] offsets) {
        Duration anchor = switch (s.within().anchor()) {
            case ENTRY -> Duration.ZERO;
            case PREVIOUS -> i == 0 ? Duration.ZERO : offsets[i - 1];
            case STEP -> {
                for (int j = 0; j < i && j < steps.size(); j++) {
                    if (steps.get(j).id().equals(s.within().stepRef())) yield offsets[j];
                }
                yield null;
            }
        };
        return anchor == null ? null : anchor.plus(s.within().duration());
    }

    private EventMatcher matcher(JsonNode n, String at, Set<String> refScope, List<Problem> p) {
        if (!n.isObject()) {
            p.add(new Problem(at, "missing", "an event is required: {\"type\":\"track\",\"name\":\"...\",\"where\":[...]}"));
            return null;
        }
        unknownFields(n, at, Set.of("type", "name", "where"), p);
        EventType type = EventType.fromWire(n.path("type").asText(null)).orElse(null);
        if (type == null) {
            p.add(new Problem(at + ".type", "unknown_type", "type must be one of track, page, screen, identify, group, alias"));
        }
        String name = null;
        JsonNode nameNode = n.path("name");
        if (!nameNode.isMissingNode() && !nameNode.isNull()) {
            if (!nameNode.isTextual() || nameNode.textValue().isBlank()) {
                p.add(new Problem(at + ".name", "wrong_type", "name must be a non-empty string (leave it out to match any name)"));
            } else {
                name = nameNode.textValue();
            }
        } else if (type == EventType.TRACK) {
            p.add(new Problem(at + ".name", "missing", "a track event needs the event name"));
        }
        List<RefPredicate> refs = new ArrayList<>();
        JsonNode whereNode = extractRefs(n.path("where"), at + ".where", refScope, refs, p);
        Condition.Parsed where = Condition.parse(whereNode);
        for (Problem w : where.problems()) p.add(w.under(at + ".where"));
        if (type == null || !where.ok()) return null;
        return new EventMatcher(type, name, where.condition(), refs);
    }

    /**
     * Takes the predicates whose value is {"ref": "..."} out of a where array (they compare with captured fields),
     * leaving an always-true placeholder in their place so the shared parser still checks their path and keeps indexes.
     */
    private static JsonNode extractRefs(JsonNode where, String at, Set<String> refScope, List<RefPredicate> refs, List<Problem> p) {
        if (!where.isArray()) return where;
        ArrayNode copy = null;
        for (int i = 0; i < where.size(); i++) {
            JsonNode pred = where.get(i);
            JsonNode value = pred.path("value");
            if (!value.isObject() || !value.has("ref")) continue;
            if (copy == null) copy = where.deepCopy();
            String ref = value.path("ref").asText("");
            String op = pred.path("op").asText("");
            ObjectNode placeholder = copy.objectNode();
            placeholder.set("path", pred.path("path"));
            placeholder.put("op", "nin");
            placeholder.putArray("value");
            copy.set(i, placeholder);
            String problem = null;
            if (refScope == null) problem = "an entry event cannot refer to captured fields";
            else if (!op.equals("eq") && !op.equals("neq")) problem = "a reference can only be compared with eq or neq";
            else if (ref.startsWith("entry.")) problem = validPath(ref.substring(6));
            else if (ref.startsWith("steps.") && ref.indexOf('.', 6) > 6) {
                String stepId = ref.substring(6, ref.indexOf('.', 6));
                problem = refScope.contains(stepId) ? validPath(ref.substring(ref.indexOf('.', 6) + 1))
                        : "'" + stepId + "' is not an earlier event or count step";
            } else problem = "a reference is entry.<path> or steps.<id>.<path>";
            if (problem != null) {
                p.add(new Problem(at + "[" + i + "].value.ref", "invalid_reference", problem));
            } else if (pred.path("path").isTextual()) {
                try {
                    refs.add(new RefPredicate(JsonPath.compile(pred.path("path").textValue()), Op.fromWire(op).orElseThrow(), ref));
                } catch (IllegalArgumentException e) {
                    // the shared parser reports the bad path
                }
            }
        }
        return copy == null ? where : copy;
    }

    private static PersonCondition person(JsonNode n, List<Problem> p) {
        if (n.isMissingNode() || n.isNull()) return PersonCondition.NONE;
        if (!n.isObject()) {
            p.add(new Problem("person", "wrong_type", "person must be an object {traits, inAudiences, notInAudiences}"));
            return PersonCondition.NONE;
        }
        unknownFields(n, "person", Set.of("traits", "inAudiences", "notInAudiences"), p);
        Condition.Parsed traits = Condition.parse(n.path("traits"));
        for (Problem w : traits.problems()) p.add(w.under("person.traits"));
        List<String> in = strings(n.path("inAudiences"), "person.inAudiences", p);
        List<String> out = strings(n.path("notInAudiences"), "person.notInAudiences", p);
        return traits.ok() ? new PersonCondition(traits.condition(), in, out) : PersonCondition.NONE;
    }

    private static List<String> strings(JsonNode n, String at, List<Problem> p) {
        List<String> out = new ArrayList<>();
        if (n.isMissingNode() || n.isNull()) return out;
        if (!n.isArray()) {
            p.add(new Problem(at, "wrong_type", "must be an array of audience ids"));
            return out;
        }
        for (int i = 0; i < n.size(); i++) {
            if (!n.get(i).isTextual() || n.get(i).textValue().isBlank()) {
                p.add(new Problem(at + "[" + i + "]", "wrong_type", "an audience id must be a non-empty string"));
            } else {
                out.add(n.get(i).textValue());
            }
        }
        return out;
    }

    private StepDef step(JsonNode n, int i, Set<String> ids, List<StepDef> earlier, List<Problem> p) {
        String at = "steps[" + i + "]";
        if (!n.isObject()) {
            p.add(new Problem(at, "not_an_object", "a step must be an object {id, kind, event, within}"));
            return null;
        }
        int before = p.size();
        unknownFields(n, at, Set.of("id", "kind", "event", "within", "min", "max"), p);
        String id = n.path("id").isTextual() ? n.path("id").textValue() : null;
        if (id == null || !ID.matcher(id).matches()) {
            p.add(new Problem(at + ".id", id == null ? "missing" : "invalid_id", "a step needs an id of letters, digits, '_', '-' or '.'"));
        } else if (!ids.add(id)) {
            p.add(new Problem(at + ".id", "duplicate_id", "step id '" + id + "' is used twice"));
        }
        StepKind kind = StepKind.fromWire(n.path("kind").asText(null)).orElse(null);
        if (kind == null) p.add(new Problem(at + ".kind", "unknown_kind", "kind must be event, count or absence"));
        EventMatcher event = matcher(n.path("event"), at + ".event", eventfulSteps(earlier, earlier.size()), p);
        int min = 1;
        Integer max = null;
        if (kind == StepKind.COUNT) {
            JsonNode minNode = n.path("min");
            if (!minNode.canConvertToInt() || !minNode.isIntegralNumber() || minNode.intValue() < 1 || minNode.intValue() > MAX_COUNT) {
                p.add(new Problem(at + ".min", "out_of_range", "a count step needs min between 1 and " + MAX_COUNT));
            } else {
                min = minNode.intValue();
            }
            JsonNode maxNode = n.path("max");
            if (!maxNode.isMissingNode() && !maxNode.isNull()) {
                if (!maxNode.isIntegralNumber() || maxNode.intValue() < min || maxNode.intValue() > MAX_COUNT) {
                    p.add(new Problem(at + ".max", "out_of_range", "max must be a whole number between min and " + MAX_COUNT));
                } else {
                    max = maxNode.intValue();
                }
            }
        } else if (kind != null) {
            if (n.has("min")) p.add(new Problem(at + ".min", "not_allowed", "min applies to count steps only"));
            if (n.has("max")) p.add(new Problem(at + ".max", "not_allowed", "max applies to count steps only"));
        }
        Window within = window(n.path("within"), at + ".within", earlier, p);
        if (p.size() > before || kind == null || event == null || within == null) return null;
        return new StepDef(id, kind, event, min, max, within);
    }

    private Window window(JsonNode n, String at, List<StepDef> earlier, List<Problem> p) {
        if (!n.isObject()) {
            p.add(new Problem(at, "missing", "within is required: {\"duration\":\"PT2H\",\"from\":\"entry|previous|step:<id>\"}"));
            return null;
        }
        unknownFields(n, at, Set.of("duration", "from"), p);
        Duration d = duration(n.path("duration"), at + ".duration", true, p);
        if (d != null && d.compareTo(limits.maxWindow()) > 0) {
            p.add(new Problem(at + ".duration", "window_too_long", "a window may be at most " + limits.maxWindow().toDays() + " days"));
            d = null;
        }
        if (d != null && (d.isZero() || d.isNegative())) {
            p.add(new Problem(at + ".duration", "out_of_range", "a window must be longer than zero"));
            d = null;
        }
        String from = n.path("from").asText("previous");
        Window.Anchor anchor;
        String ref = null;
        if (from.equals("entry")) anchor = Window.Anchor.ENTRY;
        else if (from.equals("previous")) anchor = Window.Anchor.PREVIOUS;
        else if (from.startsWith("step:")) {
            anchor = Window.Anchor.STEP;
            ref = from.substring(5);
            String r = ref;
            if (earlier.stream().noneMatch(s -> s.id().equals(r))) {
                p.add(new Problem(at + ".from", "unknown_step", "'" + from + "' must name an earlier step"));
                return null;
            }
        } else {
            p.add(new Problem(at + ".from", "unknown_anchor", "from must be entry, previous or step:<id>"));
            return null;
        }
        return d == null ? null : new Window(d, anchor, ref);
    }

    private static Duration duration(JsonNode n, String at, boolean required, List<Problem> p) {
        if (n.isMissingNode() || n.isNull()) {
            if (required) p.add(new Problem(at, "missing", "an ISO-8601 duration is required, e.g. PT2H or P7D"));
            return null;
        }
        if (!n.isTextual()) {
            p.add(new Problem(at, "wrong_type", "a duration is an ISO-8601 string, e.g. PT2H or P7D"));
            return null;
        }
        try {
            Duration d = Duration.parse(n.textValue());
            if (d.isNegative()) {
                p.add(new Problem(at, "out_of_range", "a duration cannot be negative"));
                return null;
            }
            return d;
        } catch (DateTimeParseException e) {
            p.add(new Problem(at, "invalid_duration", "'" + n.textValue() + "' is not an ISO-8601 duration such as PT30M, PT2H or P7D"));
            return null;
        }
    }

    private Reentry reentry(JsonNode n, List<Problem> p) {
        if (n.isMissingNode() || n.isNull()) return Reentry.DEFAULT;
        if (!n.isObject()) {
            p.add(new Problem("reentry", "wrong_type", "reentry must be an object {mode, cooldown, maxActive}"));
            return Reentry.DEFAULT;
        }
        unknownFields(n, "reentry", Set.of("mode", "cooldown", "maxActive"), p);
        ReentryMode mode = Reentry.DEFAULT.mode();
        if (n.has("mode")) {
            mode = ReentryMode.fromWire(n.path("mode").asText(null)).orElse(null);
            if (mode == null) {
                p.add(new Problem("reentry.mode", "unknown_mode", "mode must be once, afterExit or always"));
                mode = Reentry.DEFAULT.mode();
            }
        }
        Duration cooldown = duration(n.path("cooldown"), "reentry.cooldown", false, p);
        if (cooldown != null && cooldown.compareTo(limits.maxWindow()) > 0) {
            p.add(new Problem("reentry.cooldown", "out_of_range", "cooldown may be at most " + limits.maxWindow().toDays() + " days"));
        }
        int maxActive = Math.min(Reentry.DEFAULT.maxActive(), limits.maxActivePerRule());
        if (n.has("maxActive")) {
            JsonNode m = n.get("maxActive");
            if (!m.isIntegralNumber() || m.intValue() < 1 || m.intValue() > limits.maxActivePerRule()) {
                p.add(new Problem("reentry.maxActive", "out_of_range", "maxActive must be between 1 and " + limits.maxActivePerRule()));
            } else {
                maxActive = m.intValue();
            }
        }
        return new Reentry(mode, cooldown == null ? Duration.ZERO : cooldown, maxActive);
    }

    private TimeSettings time(JsonNode n, List<Problem> p) {
        if (n.isMissingNode() || n.isNull()) return TimeSettings.DEFAULT;
        if (!n.isObject()) {
            p.add(new Problem("time", "wrong_type", "time must be an object {grace, ignoreEventsOlderThan}"));
            return TimeSettings.DEFAULT;
        }
        unknownFields(n, "time", Set.of("grace", "ignoreEventsOlderThan"), p);
        Duration grace = duration(n.path("grace"), "time.grace", false, p);
        if (grace != null && grace.compareTo(Duration.ofDays(1)) > 0) {
            p.add(new Problem("time.grace", "out_of_range", "grace may be at most one day"));
        }
        Duration old = duration(n.path("ignoreEventsOlderThan"), "time.ignoreEventsOlderThan", false, p);
        if (old != null && old.isZero()) {
            p.add(new Problem("time.ignoreEventsOlderThan", "out_of_range", "ignoreEventsOlderThan must be longer than zero"));
        }
        return new TimeSettings(grace == null ? TimeSettings.DEFAULT.grace() : grace,
                old == null ? TimeSettings.DEFAULT.ignoreEventsOlderThan() : old);
    }

    private static ActionDef action(JsonNode n, JsonNode stepsNode, List<Problem> p) {
        if (!n.isObject()) {
            p.add(new Problem("action", "missing", "action is required: {\"externalEvent\":\"name\" or \"externalEventId\":123, \"data\":{...}}"));
            return null;
        }
        unknownFields(n, "action", Set.of("externalEventId", "externalEvent", "data"), p);
        Long id = null;
        String name = null;
        JsonNode idNode = n.path("externalEventId");
        JsonNode nameNode = n.path("externalEvent");
        if (!idNode.isMissingNode()) {
            if (idNode.isIntegralNumber() && idNode.longValue() > 0) id = idNode.longValue();
            else if (idNode.isTextual() && idNode.textValue().matches("[1-9][0-9]{0,17}")) id = Long.parseLong(idNode.textValue());
            else p.add(new Problem("action.externalEventId", "wrong_type", "externalEventId must be a positive integer"));
        }
        if (!nameNode.isMissingNode()) {
            if (nameNode.isTextual() && !nameNode.textValue().isBlank() && nameNode.textValue().length() <= 255) name = nameNode.textValue();
            else p.add(new Problem("action.externalEvent", "wrong_type", "externalEvent must be a non-empty name (at most 255 characters)"));
        }
        if (idNode.isMissingNode() && nameNode.isMissingNode()) {
            p.add(new Problem("action", "missing_target", "give externalEventId (an Emarsys external event id) or externalEvent (a name)"));
        } else if (!idNode.isMissingNode() && !nameNode.isMissingNode()) {
            p.add(new Problem("action", "ambiguous_target", "give externalEventId or externalEvent, not both"));
        }
        JsonNode data = n.path("data");
        Template template = null;
        if (!data.isMissingNode() && !data.isObject()) {
            p.add(new Problem("action.data", "wrong_type", "data must be a JSON object (Emarsys requires an object)"));
        } else {
            template = Template.compile(data.isMissingNode() ? null : data);
            for (String ref : template.references()) {
                String problem = checkReference(ref, stepsNode);
                if (problem != null) p.add(new Problem("action.data", "invalid_reference", "{{" + ref + "}}: " + problem));
            }
        }
        return template == null ? null : new ActionDef(id, name, template);
    }

    /** Null when the reference can resolve, else why not. */
    static String checkReference(String ref, JsonNode stepsNode) {
        int dot = ref.indexOf('.');
        String root = dot < 0 ? ref : ref.substring(0, dot);
        if (!REF_ROOTS.contains(root)) return "must start with entry., steps.<id>., person.traits., person.id, instance.key, rule.id or rule.version";
        String rest = dot < 0 ? "" : ref.substring(dot + 1);
        switch (root) {
            case "entry" -> {
                return validPath(rest);
            }
            case "steps" -> {
                int d2 = rest.indexOf('.');
                if (d2 < 0) return "name a step and a path: steps.<id>.properties.x";
                String stepId = rest.substring(0, d2);
                JsonNode declared = null;
                for (JsonNode s : stepsNode) if (stepId.equals(s.path("id").asText(null))) declared = s;
                if (declared == null) return "no step '" + stepId + "'";
                if (StepKind.ABSENCE.wire().equals(declared.path("kind").asText())) return "an absence step has no event to read";
                return validPath(rest.substring(d2 + 1));
            }
            case "person" -> {
                if (rest.equals("id")) return null;
                if (rest.startsWith("traits.")) return validPath(rest.substring(7));
                return "person references are person.id or person.traits.<path>";
            }
            case "instance" -> {
                return rest.equals("key") || rest.equals("id") ? null : "instance references are instance.key or instance.id";
            }
            default -> {
                return rest.equals("id") || rest.equals("version") ? null : "rule references are rule.id or rule.version";
            }
        }
    }

    private static String validPath(String path) {
        try {
            JsonPath.compile(path);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
