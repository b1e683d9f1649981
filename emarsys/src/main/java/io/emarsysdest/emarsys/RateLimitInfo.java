package io.emarsysdest.emarsys;

import java.net.http.HttpHeaders;
import java.time.Instant;

/**
 * The rate-limit headers of a reply. Emarsys spells them {@code X-RateLimit-Limit}, {@code X-Ratelimit-Remaining},
 * {@code X-RateLimit-Reset} (Unix seconds), and sends no Retry-After; names are read case-insensitively.
 * Each part is null when absent or unreadable.
 */
public record RateLimitInfo(Integer limit, Integer remaining, Instant reset) {
    public static final RateLimitInfo NONE = new RateLimitInfo(null, null, null);

    /** JDK {@link HttpHeaders} look names up case-insensitively already. */
    public static RateLimitInfo of(HttpHeaders headers, Instant now) {
        return new RateLimitInfo(integer(headers.firstValue("x-ratelimit-limit").orElse(null)),
                integer(headers.firstValue("x-ratelimit-remaining").orElse(null)),
                reset(headers.firstValue("x-ratelimit-reset").orElse(null), now));
    }

    /**
     * Unix seconds as documented. Defensive readings: a value in milliseconds (13 digits) is scaled down; a small
     * value (below year 2001 as a timestamp) is taken as seconds from now.
     */
    static Instant reset(String value, Instant now) {
        if (value == null) return null;
        try {
            double v = Double.parseDouble(value.trim());
            if (v < 0) return null;
            if (v >= 1e12) return Instant.ofEpochMilli((long) v);
            if (v >= 1e9) return Instant.ofEpochSecond((long) Math.ceil(v));
            return now.plusSeconds((long) Math.ceil(v));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Integer integer(String value) {
        if (value == null) return null;
        try {
            return Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
