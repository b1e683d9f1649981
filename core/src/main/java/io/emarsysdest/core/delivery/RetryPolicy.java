package io.emarsysdest.core.delivery;

import io.emarsysdest.core.validation.Problem;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * What to do after a failure: retry later (exponential backoff with jitter, or when a rate limit resets) or give up.
 *
 * @param base                  first retry delay and the lower bound of every delay (never retry at once)
 * @param cap                   upper bound of the exponential part
 * @param maxAge                an item older than this is given up ({@link DeadReason#EXPIRED}) instead of retried
 * @param jitter                how delays are spread so that failed items do not come back in lock step
 * @param rateLimitPause        how long to wait after a rate-limit answer without a reset time
 */
public record RetryPolicy(Duration base, Duration cap, Duration maxAge, Jitter jitter, Duration rateLimitPause) {
    public static final RetryPolicy DEFAULTS = new RetryPolicy(
            Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24), Jitter.FULL, Duration.ofSeconds(60));

    public enum Jitter {
        /** Uniform in [base, min(cap, base·2^(attempt−1))]. */
        FULL,
        /**
         * Uniform in [base, min(cap, 3·previous)], previous being the un-jittered delay of the attempt before
         * (items do not store their last delay, so the exponential curve stands in for it).
         */
        DECORRELATED
    }

    public sealed interface Decision {
        record RetryAt(Instant at) implements Decision {
        }

        record GiveUp(DeadReason reason) implements Decision {
        }
    }

    public RetryPolicy {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(cap, "cap");
        Objects.requireNonNull(maxAge, "maxAge");
        Objects.requireNonNull(jitter, "jitter");
        Objects.requireNonNull(rateLimitPause, "rateLimitPause");
    }

    /**
     * @param item    the item as claimed ({@code attempts} not yet counting this failure)
     * @param failure what went wrong
     */
    public Decision decide(OutboxItem item, Failure failure, Instant now, RandomGenerator random) {
        return decide(item, failure, now, failure.kind() == Failure.Kind.RETRYABLE ? delay(item.attempts() + 1, random) : null);
    }

    /**
     * As {@link #decide(OutboxItem, Failure, Instant, RandomGenerator)} with a backoff the caller drew, so that the
     * items of one failed request can share a retry time and come back as one request.
     */
    public Decision decide(OutboxItem item, Failure failure, Instant now, Duration backoff) {
        if (failure.kind() == Failure.Kind.PERMANENT) return new Decision.GiveUp(DeadReason.PERMANENT);
        if (!now.isBefore(item.createdAt().plus(maxAge))) return new Decision.GiveUp(DeadReason.EXPIRED);
        if (failure.kind() == Failure.Kind.RATE_LIMITED) return new Decision.RetryAt(rateLimitedUntil(failure, now));
        return new Decision.RetryAt(now.plus(backoff));
    }

    /** When an account that got a rate-limit answer may send again. */
    public Instant rateLimitedUntil(Failure failure, Instant now) {
        Instant reset = failure.retryNotBefore();
        if (reset == null) return now.plus(rateLimitPause);
        return reset.isAfter(now) ? reset : now;
    }

    /** The delay before retry number {@code attempt} (1 for the first retry). */
    public Duration delay(int attempt, RandomGenerator random) {
        long baseNanos = base.toNanos();
        long upper = switch (jitter) {
            case FULL -> exponential(attempt);
            case DECORRELATED -> Math.min(cap.toNanos(), saturatedTimes3(exponential(attempt - 1)));
        };
        upper = Math.max(upper, baseNanos);
        long nanos = upper == baseNanos ? baseNanos : random.nextLong(baseNanos, upper + 1);
        return Duration.ofNanos(nanos);
    }

    /** min(cap, base·2^(attempt−1)), without overflow. */
    long exponential(int attempt) {
        long capNanos = cap.toNanos();
        long value = base.toNanos();
        for (int i = 1; i < attempt && value < capNanos; i++) value = value > Long.MAX_VALUE / 2 ? Long.MAX_VALUE : value * 2;
        return Math.min(value, capNanos);
    }

    private static long saturatedTimes3(long v) {
        return v > Long.MAX_VALUE / 3 ? Long.MAX_VALUE : v * 3;
    }

    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        if (base.isNegative() || base.isZero()) problems.add(new Problem("base", "out_of_range", "must be positive"));
        if (cap.compareTo(base) < 0) problems.add(new Problem("cap", "out_of_range", "must not be smaller than base"));
        if (maxAge.isNegative() || maxAge.isZero()) problems.add(new Problem("maxAge", "out_of_range", "must be positive"));
        if (rateLimitPause.isNegative() || rateLimitPause.isZero()) {
            problems.add(new Problem("rateLimitPause", "out_of_range", "must be positive"));
        }
        return problems;
    }
}
