package io.emarsysdest.emarsys;

/** One per-item error from {@code data.errors}: the key value it names, the Emarsys code and its text. */
public record ItemError(String key, int code, String message) {
}
