package io.emarsysdest.emarsys;

/** A choice of a single- or multichoice field. Write {@code id}; {@code bitPosition} is not the id. */
public record FieldChoice(String id, String choice, Integer bitPosition) {
}
