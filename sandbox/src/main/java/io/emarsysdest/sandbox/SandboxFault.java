package io.emarsysdest.sandbox;

/**
 * A scripted misbehaviour. Applies to requests whose endpoint name matches ({@code "*"} = any), at most
 * {@code count} times ({@code -1} = until removed), each with {@code probability}.
 *
 * @param endpoint          endpoint name such as {@code contact.upsert}, {@code event.trigger}, {@code contactlist.add}, or "*"
 * @param count             how many matching requests it affects; -1 for unlimited
 * @param probability       chance (0..1] that a matching request is affected; a miss does not use up the count
 * @param status            HTTP status to answer instead of the real reply; 0 = answer normally (latency only)
 * @param replyCode         replyCode of the faulted reply
 * @param replyText         replyText of the faulted reply
 * @param latencyMillis     delay before answering
 * @param jitterMillis      extra random delay in [0, jitter)
 * @param resetAfterSeconds for a 429: X-RateLimit-Reset = now + this; negative = leave the header out
 */
public record SandboxFault(String endpoint, int count, double probability, int status, int replyCode, String replyText,
                           long latencyMillis, long jitterMillis, long resetAfterSeconds) {
    public SandboxFault {
        if (endpoint == null || endpoint.isBlank()) endpoint = "*";
        if (probability <= 0 || probability > 1) probability = 1;
        if (replyText == null) replyText = status == 429 ? "Too many requests" : "Sandbox fault";
    }

    /** The next {@code count} requests to {@code endpoint} answer {@code status} with {@code replyCode}. */
    public static SandboxFault status(String endpoint, int count, int status, int replyCode) {
        return new SandboxFault(endpoint, count, 1, status, replyCode, null, 0, 0, status == 429 ? 30 : -1);
    }

    /** The next {@code count} requests to {@code endpoint} answer 429/7003 with a reset {@code resetAfterSeconds} ahead. */
    public static SandboxFault rateLimited(String endpoint, int count, long resetAfterSeconds) {
        return new SandboxFault(endpoint, count, 1, 429, 7003, "Too many requests", 0, 0, resetAfterSeconds);
    }

    /** Every request to {@code endpoint} is delayed by {@code millis} plus up to {@code jitter}. */
    public static SandboxFault latency(String endpoint, long millis, long jitter) {
        return new SandboxFault(endpoint, -1, 1, 0, 0, null, millis, jitter, -1);
    }

    boolean matches(String endpointName) {
        return endpoint.equals("*") || endpoint.equals(endpointName);
    }
}
