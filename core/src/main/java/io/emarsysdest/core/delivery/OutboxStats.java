package io.emarsysdest.core.delivery;

import java.time.Instant;

/**
 * Queue figures for metrics and the status page.
 *
 * @param pending         items waiting for delivery (due, claimed or waiting for a retry)
 * @param oldestPendingAt when the oldest pending item entered the queue; null when none is pending
 * @param deadLetters     items in the dead letters
 */
public record OutboxStats(long pending, Instant oldestPendingAt, long deadLetters) {
}
