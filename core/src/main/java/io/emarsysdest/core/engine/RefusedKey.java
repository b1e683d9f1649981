package io.emarsysdest.core.engine;

import java.time.Instant;

/**
 * A primary key value the users table refused because it cannot be a value of the Emarsys key field.
 *
 * @param id       given by the store (ignored when recording); higher is newer
 * @param personId the person the event resolved to, or null when it resolved to nobody
 * @param value    the value as sent (stores keep the first {@link #MAX_VALUE_CHARS} characters)
 * @param reason   the path it was read from and why it cannot be a key
 */
public record RefusedKey(long id, Instant refusedAt, long logOffset, String messageId, Long personId, String value, String reason) {
    /** How many refusals a store keeps; older ones are dropped as new ones arrive. */
    public static final int KEPT = 10_000;
    public static final int MAX_VALUE_CHARS = 500;

    /** The value as stored: cut to {@link #MAX_VALUE_CHARS}. */
    public String storedValue() {
        return value.length() > MAX_VALUE_CHARS ? value.substring(0, MAX_VALUE_CHARS) : value;
    }
}
