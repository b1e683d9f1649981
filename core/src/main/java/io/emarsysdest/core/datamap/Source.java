package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** Where a mapping's value comes from. */
public sealed interface Source {

    /**
     * One or more paths tried in order; the first that is present (even if null) gives the value.
     * A path reads the event body ({@code traits.email}, {@code context.traits.email}, {@code properties.items[0].sku})
     * or, with the prefix {@code person.traits.}, the person's merged traits.
     */
    record Paths(List<String> paths) implements Source {
        public Paths {
            paths = List.copyOf(paths);
        }
    }

    /** Text with {@code {{path}}} placeholders, e.g. {@code "{{traits.firstName}} {{traits.lastName}}"}. */
    record Template(String template) implements Source {
    }

    /** A fixed JSON value. */
    record Literal(JsonNode value) implements Source {
    }
}
