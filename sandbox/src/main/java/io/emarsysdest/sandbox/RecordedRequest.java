package io.emarsysdest.sandbox;

import java.time.Instant;
import java.util.Map;

/**
 * One request the sandbox received, as it answered it. Bodies longer than the configured limit are truncated.
 *
 * @param endpoint the endpoint name (e.g. {@code contact.upsert}), or "unknown"
 * @param user     the authenticated API user or OAuth client, or null
 */
public record RecordedRequest(long seq, Instant at, String method, String path, String query, Map<String, String> headers,
                              String body, int status, Integer replyCode, String reply, String endpoint, String user) {
}
