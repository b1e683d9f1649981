package io.emarsysdest.emarsys;

/** A contact field from {@code GET field/translate/en}. */
public record Field(int id, String name, String applicationType, String stringId) {
}
