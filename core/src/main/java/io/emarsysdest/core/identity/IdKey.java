package io.emarsysdest.core.identity;

import java.util.Objects;

/** What identifiers are matched on: the type and the normalised value. */
public record IdKey(IdType type, String norm) {
    public IdKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(norm, "norm");
    }
}
