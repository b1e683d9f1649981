package io.emarsysdest.emarsys;

/** An external event from {@code GET event} / {@code POST event}; {@code created} as Emarsys writes it (may be null). */
public record ExternalEvent(int id, String name, String created) {
}
