package io.emarsysdest.core.delivery;

import java.time.Instant;

/**
 * An item that was given up.
 *
 * @param item       the item as it was (attempts = failed attempts)
 * @param reason     why it was given up
 * @param httpStatus the HTTP status of the last answer, if any
 * @param replyCode  the Emarsys replyCode of the last answer, if any
 * @param text       Emarsys's text or the error message
 * @param deadAt     when it was given up
 */
public record DeadLetter(OutboxItem item, DeadReason reason, Integer httpStatus, Integer replyCode, String text,
                         Instant deadAt) {
}
