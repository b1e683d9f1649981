package io.emarsysdest.core.rules;

import java.time.Instant;

/** One event counted by a count step: the messageId de-duplicates (also across merged persons). */
public record Counted(String messageId, Instant at) {
}
