package io.emarsysdest.core.identity;

import java.time.Instant;

/**
 * An entry of the merge log: who merged into whom, why, and the event that caused it.
 *
 * @param reason    which identifier of the event joined them, e.g. {@code anonymousId}
 * @param messageId the event's messageId
 * @param offset    the event's position in the log
 * @param at        the event time
 */
public record MergeRecord(long winner, long loser, String reason, String messageId, long offset, Instant at) {
}
