package io.emarsysdest.core.engine;

import java.util.Objects;

/** A contact an upsert of the person with this person key went out with. */
public record PersonContact(String personKey, ContactKey contact) {
    public PersonContact {
        Objects.requireNonNull(personKey, "personKey");
        Objects.requireNonNull(contact, "contact");
    }
}
