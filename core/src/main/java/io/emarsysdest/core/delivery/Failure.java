package io.emarsysdest.core.delivery;

import java.time.Instant;

/**
 * Why a request or an item did not succeed.
 *
 * @param kind           what the delivery stage should do about it
 * @param httpStatus     the HTTP status, or null for network errors and timeouts
 * @param replyCode      the Emarsys replyCode (whole request or per item), or null
 * @param text           Emarsys's text or the error message, for operators
 * @param retryNotBefore for {@link Kind#RATE_LIMITED}: when the account may send again (from X-RateLimit-Reset); else null
 */
public record Failure(Kind kind, Integer httpStatus, Integer replyCode, String text, Instant retryNotBefore) {
    public enum Kind {
        /** Try again later with backoff: 5xx, timeouts, network errors, transient reply codes. */
        RETRYABLE,
        /** Pause the whole account until {@code retryNotBefore}, then retry: HTTP 429 / replyCode 7003. */
        RATE_LIMITED,
        /** Will never succeed as is: straight to dead letters (400, 403, 401 after refresh, 2004, 2005, 2007, 5001, 5005, …). */
        PERMANENT
    }

    public static Failure retryable(Integer httpStatus, Integer replyCode, String text) {
        return new Failure(Kind.RETRYABLE, httpStatus, replyCode, text, null);
    }

    public static Failure permanent(Integer httpStatus, Integer replyCode, String text) {
        return new Failure(Kind.PERMANENT, httpStatus, replyCode, text, null);
    }

    public static Failure rateLimited(Integer httpStatus, Integer replyCode, String text, Instant retryNotBefore) {
        return new Failure(Kind.RATE_LIMITED, httpStatus, replyCode, text, retryNotBefore);
    }
}
