package io.emarsysdest.server.delivery;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The delivery stage at a glance, for {@code GET /api/delivery/status}.
 *
 * @param queueDepth             items waiting for delivery
 * @param oldestPendingAt        when the oldest waiting item entered the queue, null when none
 * @param oldestPendingAgeMillis its age, 0 when none
 * @param deadLetters            items in the dead letters
 * @param accounts               per account: pause state and request budget use
 * @param requestTotals          requests since start by outcome
 * @param recentRequests         the last requests, newest first
 */
public record DeliveryStatus(boolean running, long queueDepth, Instant oldestPendingAt, long oldestPendingAgeMillis,
                             long deadLetters, List<AccountState.AccountStatus> accounts,
                             Map<String, Long> requestTotals, List<RequestLog.Entry> recentRequests) {

    /** The busiest account's requests in the last minute as a share of its budget, in percent (0 without accounts). */
    public double busiestBudgetUsePercent() {
        double use = 0;
        for (AccountState.AccountStatus a : accounts) {
            if (a.requestsPerMinute() > 0) use = Math.max(use, 100.0 * a.requestsLastMinute() / a.requestsPerMinute());
        }
        return use;
    }
}
