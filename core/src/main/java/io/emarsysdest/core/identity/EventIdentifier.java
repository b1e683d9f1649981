package io.emarsysdest.core.identity;

/** An identifier found on an event, with the field it came from. */
public record EventIdentifier(IdSource source, Identifier id) {
    // written out: resolution keys a map by these for every event
    @Override
    public boolean equals(Object o) {
        return o == this || o instanceof EventIdentifier e && e.source == source && java.util.Objects.equals(e.id, id);
    }

    @Override
    public int hashCode() {
        return 31 * source.ordinal() + (id == null ? 0 : id.hashCode());
    }
}
