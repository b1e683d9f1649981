package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.emarsysdest.core.event.JsonPath;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A compiled source path: into the event body, or (prefix {@code person.traits.}) into the person's merged traits.
 * Compiled once per map version; reading allocates nothing.
 */
final class ValueReader {
    static final String PERSON_PREFIX = "person.traits.";

    /** Top-level keys of a Segment event (segment-spec.md §1); a path must start with one of them. */
    static final Set<String> EVENT_ROOTS = Set.of("type", "messageId", "userId", "anonymousId", "timestamp",
            "originalTimestamp", "sentAt", "receivedAt", "context", "integrations", "traits", "properties", "event",
            "name", "category", "groupId", "previousId", "version", "channel");

    /** Parent paths by text, one instance each, so that readers of one event share their lookups (see EvalContext). */
    private static final ConcurrentHashMap<String, JsonPath> PARENTS = new ConcurrentHashMap<>();

    private final String text;
    private final boolean person;
    private final JsonPath path;
    private final JsonPath parent; // all but the last step, shared; null when the path is not split
    private final JsonPath leaf;   // the last step, a field name

    private ValueReader(String text, boolean person, JsonPath path) {
        this.text = text;
        this.person = person;
        this.path = path;
        // "traits.email", "context.traits.email", …: many readers share a parent, which EvalContext reads once per event.
        // Only dotted field names are split: a numeric or bracketed last step reads differently on its own.
        String relative = person ? text.substring(PERSON_PREFIX.length()) : text;
        int dot = relative.lastIndexOf('.');
        String last = dot < 0 ? "" : relative.substring(dot + 1);
        if (dot > 0 && relative.indexOf('[') < 0 && !last.isEmpty() && !last.chars().allMatch(Character::isDigit)) {
            this.parent = PARENTS.computeIfAbsent(relative.substring(0, dot), JsonPath::compile);
            this.leaf = JsonPath.compile(last);
        } else {
            this.parent = null;
            this.leaf = null;
        }
    }

    /** Throws {@link IllegalArgumentException} with a readable reason when the path is malformed or has an unknown root. */
    static ValueReader compile(String text) {
        String t = text == null ? "" : text.trim();
        if (t.startsWith(PERSON_PREFIX)) {
            return new ValueReader(t, true, JsonPath.compile(t.substring(PERSON_PREFIX.length())));
        }
        JsonPath path = JsonPath.compile(t);
        String root = rootOf(t);
        if (!EVENT_ROOTS.contains(root)) {
            throw new IllegalArgumentException("path '" + t + "' starts with '" + root + "', which is not part of an event; "
                    + "start with traits, context, properties, userId, … or person.traits.");
        }
        return new ValueReader(t, false, path);
    }

    private static String rootOf(String t) {
        int end = t.length();
        int dot = t.indexOf('.');
        int bracket = t.indexOf('[');
        if (dot >= 0) end = dot;
        if (bracket >= 0 && bracket < end) end = bracket;
        return t.substring(0, end);
    }

    /** As {@link #read(JsonNode, JsonNode)}, with the parent node looked up once per event for all readers. */
    JsonNode read(EvalContext ctx) {
        if (parent == null) return read(ctx.body, ctx.personTraits);
        return leaf.read(ctx.node(parent, person));
    }

    JsonNode read(JsonNode body, JsonNode personTraits) {
        if (person) return personTraits == null ? MissingNode.getInstance() : path.read(personTraits);
        return path.read(body);
    }

    boolean readsPerson() {
        return person;
    }

    String text() {
        return text;
    }
}
