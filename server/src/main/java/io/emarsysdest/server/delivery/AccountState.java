package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.RateBudget;
import io.emarsysdest.core.delivery.RetryPolicy;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.random.RandomGenerator;

/**
 * What the workers of one Emarsys account share: the request budget, the rate-limit pause and the pause after
 * failed requests in a row. Thread-safe.
 */
final class AccountState {
    private final String account;
    private final RateBudget budget;
    /** Items held back once to fill a request; shared so another worker of the account does not hold them again. */
    final Set<Long> deferred = ConcurrentHashMap.newKeySet();
    private int failuresInARow;
    private Instant errorPauseUntil = Instant.MIN;
    private String pauseReason;
    private int unanswered; // requests granted and not yet answered
    private Integer reportedLimit;

    AccountState(String account, int requestsPerMinute) {
        this.account = account;
        this.budget = RateBudget.perMinute(requestsPerMinute);
    }

    String account() {
        return account;
    }

    /** Counts the requests a previous process sent within the last window. */
    synchronized void seed(java.util.List<Instant> sentBefore) {
        budget.seed(sentBefore);
    }

    Duration window() {
        return budget.window();
    }

    synchronized Instant nextPermitAt(Instant now) {
        Instant at = budget.nextPermitAt(now);
        return errorPauseUntil.isAfter(at) ? errorPauseUntil : at;
    }

    synchronized boolean tryAcquire(Instant now) {
        if (errorPauseUntil.isAfter(now)) return false;
        if (!budget.tryAcquire(now)) return false;
        unanswered++;
        return true;
    }

    /** A request granted by {@link #tryAcquire} has its answer (or failed). */
    synchronized void requestDone() {
        if (unanswered > 0) unanswered--;
    }

    /**
     * Emarsys's rate-limit headers of an answer (each part null when absent), seen while that request still counts
     * as unanswered: the budget learns the account's real limit and what is left until the reset.
     */
    synchronized void rateLimitReported(Integer limit, Integer remaining, Instant reset, Instant now) {
        if (limit != null && limit > 0) {
            reportedLimit = limit;
            budget.limitTo(limit);
        }
        if (remaining != null && reset != null) budget.observe(remaining, reset, unanswered - 1, now);
    }

    synchronized void rateLimited(Instant until) {
        budget.pauseUntil(until);
        pauseReason = "rate limited by Emarsys";
    }

    /** Emarsys answered a request: the account is healthy. */
    synchronized void answered() {
        failuresInARow = 0;
    }

    /** A request failed as a whole: pause the account for a growing, jittered time. Returns the pause. */
    synchronized Duration failed(Instant now, RetryPolicy errorPause, RandomGenerator random) {
        int n = ++failuresInARow;
        Duration pause = errorPause.delay(n, random);
        Instant until = now.plus(pause);
        if (until.isAfter(errorPauseUntil)) errorPauseUntil = until;
        pauseReason = "failed requests in a row: " + n;
        return pause;
    }

    /** The end of the account's pause (rate limit or failures), or null when it may send. */
    synchronized Instant pausedUntil(Instant now) {
        Instant rate = budget.pausedUntil(now);
        Instant error = errorPauseUntil.isAfter(now) ? errorPauseUntil : null;
        if (rate == null) return error;
        if (error == null) return rate;
        return rate.isAfter(error) ? rate : error;
    }

    synchronized AccountStatus status(Instant now) {
        Instant paused = pausedUntil(now);
        return new AccountStatus(account, paused, paused == null ? null : pauseReason, budget.used(now),
                budget.limit(), reportedLimit, failuresInARow);
    }

    /**
     * One account's delivery state.
     *
     * @param pausedUntil          when it may send again, null when not paused
     * @param requestsLastMinute   requests sent in the last minute
     * @param requestsPerMinute    the budget in use: the configured one, or Emarsys's X-RateLimit-Limit when lower
     * @param emarsysRequestsPerMinute the limit Emarsys last reported (X-RateLimit-Limit), null before any answer
     * @param failedRequestsInARow failed requests since the last answered one
     */
    public record AccountStatus(String account, Instant pausedUntil, String pauseReason, int requestsLastMinute,
                                int requestsPerMinute, Integer emarsysRequestsPerMinute, int failedRequestsInARow) {
    }
}
