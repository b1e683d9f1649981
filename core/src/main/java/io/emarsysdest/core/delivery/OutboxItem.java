package io.emarsysdest.core.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * A durable delivery item in the outbox.
 *
 * @param id             increasing in the order items were produced (per-person order follows it)
 * @param createdAt      when it entered the queue (or was last replayed); the maximum age counts from here
 * @param attempts       how many times sending it failed so far
 * @param nextAttemptAt  when it is due (while claimed: when the claim's lease ends)
 * @param lastError      the last failure, for operators; null when none
 */
public record OutboxItem(long id, String account, Operation op, String keyField, String keyValue, String target,
                         ObjectNode payload, String idempotencyKey, String personKey, Instant createdAt,
                         int attempts, Instant nextAttemptAt, String lastError) {
    public OutboxItem {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(op, "op");
        Objects.requireNonNull(keyField, "keyField");
        Objects.requireNonNull(keyValue, "keyValue");
        Objects.requireNonNull(personKey, "personKey");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
