package io.emarsysdest.core.identity;

import java.util.Objects;

/**
 * One identifier value: matched on {@code norm}, while {@code raw} is kept as the client sent it
 * (the raw primary key is what goes to Emarsys).
 */
public record Identifier(IdType type, String norm, String raw) {
    public Identifier {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(norm, "norm");
        Objects.requireNonNull(raw, "raw");
    }

    public IdKey key() {
        return new IdKey(type, norm);
    }
}
