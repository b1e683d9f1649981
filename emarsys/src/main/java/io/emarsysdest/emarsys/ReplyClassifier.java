package io.emarsysdest.emarsys;

import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * Decides what the delivery stage does with an Emarsys reply. Decisions are made on the pair (HTTP status,
 * replyCode), because the same code appears under several statuses and HTTP 200 is not success by itself.
 *
 * <table>
 *   <caption>Whole request</caption>
 *   <tr><th>reply</th><th>kind</th></tr>
 *   <tr><td>network error, timeout, token endpoint 5xx or unreachable</td><td>RETRYABLE</td></tr>
 *   <tr><td>HTTP 429 or replyCode 7003</td><td>RATE_LIMITED until X-RateLimit-Reset (now + 60 s when absent)</td></tr>
 *   <tr><td>HTTP 5xx (500, 502, 503, 504, …)</td><td>RETRYABLE</td></tr>
 *   <tr><td>HTTP 401 (OAuth: after one token refresh and retry; WSSE: header is fresh per request already)</td><td>PERMANENT</td></tr>
 *   <tr><td>token endpoint 4xx (bad client credentials)</td><td>PERMANENT</td></tr>
 *   <tr><td>HTTP 403 (endpoint permission missing)</td><td>PERMANENT</td></tr>
 *   <tr><td>2xx without the replyCode envelope (unreadable reply)</td><td>RETRYABLE</td></tr>
 *   <tr><td>other status without the envelope (3xx, 404 page, …)</td><td>PERMANENT</td></tr>
 *   <tr><td>any status with replyCode ≠ 0: the code decides, as for items below (e.g. 400/1000, 400/1010, 400/5010 → PERMANENT)</td><td>by code</td></tr>
 *   <tr><td>2xx with replyCode 0</td><td>answered: each item by its own entry in data.errors</td></tr>
 * </table>
 * <table>
 *   <caption>By replyCode (whole request or per item)</caption>
 *   <tr><th>code</th><th>kind</th></tr>
 *   <tr><td>7003</td><td>RATE_LIMITED</td></tr>
 *   <tr><td>1003, 2011 (internal or database error)</td><td>RETRYABLE</td></tr>
 *   <tr><td>2009 (contact "already exists": documented upsert race)</td><td>RETRYABLE</td></tr>
 *   <tr><td>2008 (no contact with that key) on EVENT_TRIGGER, LIST_ADD, CONTACT_UPSERT</td><td>RETRYABLE (read-after-write: the upsert precedes it)</td></tr>
 *   <tr><td>2008 on LIST_REMOVE, CONTACT_DELETE</td><td>DELIVERED (nothing to remove: the goal holds)</td></tr>
 *   <tr><td>everything else: 1, 1000, 1001, 1006, 1010, 2004, 2005, 2006, 2007, 2010, 2020, 3002–3008, 5001, 5004,
 *       5005, 5008–5011, 9001–9004, unknown codes</td><td>PERMANENT</td></tr>
 * </table>
 */
public final class ReplyClassifier {
    public static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(60);

    /** What to do with an item or a request; {@code DELIVERED} means nothing to do. */
    public enum Verdict { DELIVERED, RETRYABLE, RATE_LIMITED, PERMANENT }

    private static final Set<Integer> TRANSIENT = Set.of(1003, 2011, 2009);

    private ReplyClassifier() {
    }

    public static Verdict byCode(Operation op, int code) {
        if (code == 0) return Verdict.DELIVERED;
        if (code == 7003) return Verdict.RATE_LIMITED;
        if (TRANSIENT.contains(code)) return Verdict.RETRYABLE;
        if (code == 2008) {
            return op == Operation.LIST_REMOVE || op == Operation.CONTACT_DELETE ? Verdict.DELIVERED : Verdict.RETRYABLE;
        }
        return Verdict.PERMANENT;
    }

    /**
     * The failure of the request as a whole, or null when it was answered (2xx with replyCode 0) and items decide,
     * or when its replyCode means DELIVERED for this operation (then every item is delivered).
     */
    public static Failure requestFailure(Operation op, EmarsysResponse r, Instant now) {
        int status = r.httpStatus();
        Integer code = r.replyCode();
        String text = r.describe();
        if (status == 429 || (code != null && code == 7003)) {
            Instant reset = r.rateLimit().reset();
            Instant notBefore = reset == null ? now.plus(DEFAULT_RATE_LIMIT_PAUSE) : reset.isAfter(now) ? reset : now.plusSeconds(1);
            return Failure.rateLimited(status, code, text, notBefore);
        }
        if (status >= 500) return Failure.retryable(status, code, text);
        if (status == 401 || status == 403) return Failure.permanent(status, code, text);
        if (code == null) {
            return status / 100 == 2 ? Failure.retryable(status, null, "unreadable reply: " + text) : Failure.permanent(status, null, text);
        }
        return switch (byCode(op, code)) {
            case DELIVERED -> null;
            case RETRYABLE -> Failure.retryable(status, code, text);
            case RATE_LIMITED -> Failure.rateLimited(status, code, text, now.plus(DEFAULT_RATE_LIMIT_PAUSE));
            case PERMANENT -> Failure.permanent(status, code, text);
        };
    }

    /** An item's failure from its data.errors entry, or null when the code means delivered for this operation. */
    public static Failure itemFailure(Operation op, int httpStatus, ItemError e, Instant now) {
        String text = e.message();
        return switch (byCode(op, e.code())) {
            case DELIVERED -> null;
            case RETRYABLE -> Failure.retryable(httpStatus, e.code(), text);
            case RATE_LIMITED -> Failure.rateLimited(httpStatus, e.code(), text, now.plus(DEFAULT_RATE_LIMIT_PAUSE));
            case PERMANENT -> Failure.permanent(httpStatus, e.code(), text);
        };
    }

    /** Network errors and timeouts retry; a token endpoint that refuses the credentials (4xx) does not. */
    public static Failure transportFailure(Exception e) {
        if (e instanceof OAuthTokenException t) {
            return t.httpStatus() >= 400 && t.httpStatus() < 500 && t.httpStatus() != 429
                    ? Failure.permanent(t.httpStatus(), null, "OAuth token request refused: " + t.getMessage())
                    : Failure.retryable(t.httpStatus(), null, "OAuth token request failed: " + t.getMessage());
        }
        String kind = e instanceof java.net.http.HttpTimeoutException ? "timeout" : "network error";
        return Failure.retryable(null, null, kind + ": " + e);
    }

    static int severity(Failure f) {
        return f == null ? 0 : switch (f.kind()) {
            case RETRYABLE -> 1;
            case RATE_LIMITED -> 2;
            case PERMANENT -> 3;
        };
    }
}
