package io.emarsysdest.emarsys;

import java.time.Instant;

/**
 * One request to the Core API as it went over the wire, for operators (the console's debugger): what was sent and
 * what came back. The authentication header is never part of it.
 *
 * @param at          when the request was sent
 * @param endpoint    the metric name, such as {@code contact.upsert}
 * @param path        relative to the base URL, e.g. {@code contact/?create_if_not_exists=1}
 * @param requestBody the JSON body as sent (UTF-8), null when none
 * @param httpStatus  the reply's status; null when no reply came (network error, timeout)
 * @param replyCode   the envelope's {@code replyCode}; null when the body was no envelope
 * @param replyBody   the reply's body as text; null when no reply came
 * @param error       why no reply came; null when one did
 * @param durationNanos from sending to the reply (or the error), retries after a 401 included
 */
public record Exchange(Instant at, String endpoint, String method, String path, byte[] requestBody, Integer httpStatus,
                       Integer replyCode, String replyText, String replyBody, String error, long durationNanos) {

    /** Receives every exchange of a client; must be cheap and must not throw. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = e -> {
        };

        void exchanged(Exchange exchange);
    }
}
