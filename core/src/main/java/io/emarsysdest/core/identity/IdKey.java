package io.emarsysdest.core.identity;

import java.util.Objects;

/** What identifiers are matched on: the type and the normalised value. */
public record IdKey(IdType type, String norm) {
    public IdKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(norm, "norm");
    }

    // written out: the users table hashes keys several times per event, and the generated record methods cost more
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof IdKey k && k.type == type && k.norm.equals(norm);
    }

    @Override
    public int hashCode() {
        return 31 * type.ordinal() + norm.hashCode();
    }
}
