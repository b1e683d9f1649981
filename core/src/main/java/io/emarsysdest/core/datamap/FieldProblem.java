package io.emarsysdest.core.datamap;

/**
 * A field of the account whose choices could not be read: it stays in the catalog (mappable), without choices, so
 * values for it are left out with a {@code choices_unavailable} warning while every other field works.
 *
 * @param fieldId   the field id
 * @param fieldName its display name
 * @param message   what went wrong, e.g. "GET field/14/choice answered HTTP 400 replyCode 2006: …"
 */
public record FieldProblem(String fieldId, String fieldName, String message) {
}
