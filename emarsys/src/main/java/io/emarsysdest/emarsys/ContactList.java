package io.emarsysdest.emarsys;

/** A contact list from {@code GET contactlist}; the id comes as a string. */
public record ContactList(String id, String name, String created) {
}
