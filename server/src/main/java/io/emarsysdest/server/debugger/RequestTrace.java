package io.emarsysdest.server.debugger;

import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.emarsys.Exchange;

import java.time.Instant;
import java.util.List;

/**
 * One request delivery made (one {@code DeliveryBatch}), with the outbox items it carried, what became of each, and
 * the Core API exchanges it took (a name lookup or a contact rename may come before the request itself).
 *
 * @param outcome   delivered, partial, rejected, retryable, rate_limited, permanent or split (as in the request log)
 * @param exchanges the requests on the wire, in order, with bodies and replies
 */
public record RequestTrace(long id, Instant at, String account, Operation op, String keyField, String target,
                           String outcome, List<Item> items, List<Exchange> exchanges) {

    /**
     * One outbox item of the request.
     *
     * @param verdict delivered, retry (with the time and error), dead (with the reason) or unsent (a split resent it)
     */
    public record Item(long outboxId, String idempotencyKey, String personKey, String keyValue, int attempts,
                       String verdict, String error) {
    }

    /** Bytes held by the bodies, to bound the store. */
    long bytes() {
        long n = 200L + 120L * items.size();
        for (Exchange e : exchanges) {
            n += e.requestBody() == null ? 0 : e.requestBody().length;
            n += e.replyBody() == null ? 0 : 2L * e.replyBody().length();
        }
        return n;
    }

    public boolean carriesKey(java.util.Set<String> idempotencyKeys) {
        for (Item i : items) if (idempotencyKeys.contains(i.idempotencyKey())) return true;
        return false;
    }

    public boolean concernsPerson(java.util.Set<String> personKeys) {
        for (Item i : items) if (personKeys.contains(i.personKey())) return true;
        return false;
    }
}
