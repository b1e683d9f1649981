package io.emarsysdest.core.identity;

/** An event identifier that is already stored: its record and the current person holding it. */
public record Match(IdentityRecord record, PersonState person) {
}
