package io.emarsysdest.core.engine;

import io.emarsysdest.core.event.Event;

import java.time.Instant;

/**
 * An event the processor skipped after it failed alone, kept with the error until an operator retries or dismisses it.
 *
 * @param event null only for rows recorded before events were kept with them
 */
public record ProcessingFailure(long offset, String messageId, Instant failedAt, String error, int attempts, Event event) {
}
