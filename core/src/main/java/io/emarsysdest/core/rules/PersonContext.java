package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.Objects;
import java.util.Set;

/**
 * What the engine needs to know about the resolved person: supplied by the processor from the users table.
 *
 * @param personId  the canonical person id (after identity resolution and merges)
 * @param traits    the merged traits; read only
 * @param audiences the audiences the person is currently a member of
 */
public record PersonContext(String personId, ObjectNode traits, Set<String> audiences) {
    public PersonContext {
        Objects.requireNonNull(personId, "personId");
        traits = traits == null ? JsonNodeFactory.instance.objectNode() : traits;
        audiences = audiences == null ? Set.of() : Set.copyOf(audiences);
    }

    public static PersonContext of(String personId) {
        return new PersonContext(personId, null, null);
    }
}
