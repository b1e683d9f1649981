package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import io.emarsysdest.core.event.JsonPath;

import java.util.Set;

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

    private final String text;
    private final boolean person;
    private final JsonPath path;

    private ValueReader(String text, boolean person, JsonPath path) {
        this.text = text;
        this.person = person;
        this.path = path;
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
