package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.PersonState;

/** A person row as stored: its own state and, when merged, the person it redirects to. */
public record StoredPerson(PersonState state, Long mergedInto) {
}
