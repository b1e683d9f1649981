package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.emarsys.Exchange;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Sees every request delivery makes, for the console's debugger: {@link #begin()} and {@link #end()} bracket one
 * send on the sending thread (the exchanges on the wire in between belong to it), {@link #settled} reports what became
 * of its items. Called per request, never per event; must be cheap and must not throw.
 */
public interface DeliveryTracer {
    DeliveryTracer NONE = new DeliveryTracer() {
        @Override
        public void begin() {
        }

        @Override
        public List<Exchange> end() {
            return List.of();
        }

        @Override
        public void settled(Settled request) {
        }
    };

    void begin();

    List<Exchange> end();

    void settled(Settled request);

    /**
     * One answered (or failed) request.
     *
     * @param outcome   as in the request log: delivered, partial, rejected, retryable, rate_limited, permanent, split
     * @param claimed   the round's claimed items by id (the batch's items carry their ids)
     * @param delivered ids delivered
     * @param retries   ids to retry, with their error
     * @param dead      ids dead-lettered, with their reason
     */
    record Settled(Instant at, DeliveryBatch batch, String outcome, Map<Long, OutboxItem> claimed, List<Long> delivered,
                   List<OutboxRepository.Retry> retries, List<OutboxRepository.DeadLettering> dead, List<Exchange> exchanges) {
    }
}
