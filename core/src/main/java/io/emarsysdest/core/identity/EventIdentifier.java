package io.emarsysdest.core.identity;

/** An identifier found on an event, with the field it came from. */
public record EventIdentifier(IdSource source, Identifier id) {
}
