package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code GET settings}: the account id ({@code > 0} when the credentials work), its name, and the whole reply data. */
public record AccountSettings(long id, String name, JsonNode raw) {
}
