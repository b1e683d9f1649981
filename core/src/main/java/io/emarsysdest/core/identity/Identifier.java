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

    // written out (resolution keys maps by identifiers several times per event): the hash leaves out raw, whose
    // string is new on every event, while norm's hash is computed once for the IdKey lookups anyway
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof Identifier i && i.type == type && i.norm.equals(norm) && i.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return 31 * type.ordinal() + norm.hashCode();
    }
}
