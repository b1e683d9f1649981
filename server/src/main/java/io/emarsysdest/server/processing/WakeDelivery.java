package io.emarsysdest.server.processing;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.server.delivery.DeliveryService;

import java.sql.Connection;
import java.util.List;

/** The last stage: once a batch's outbox items are committed, delivery is woken so an idle system sends at once. */
public final class WakeDelivery implements EventPipeline {
    private final DeliveryService delivery;

    public WakeDelivery(DeliveryService delivery) {
        this.delivery = delivery;
    }

    @Override
    public void apply(Connection tx, List<Event> events) {
        // nothing to write: the other stages enqueue in the same transaction
    }

    @Override
    public void afterCommit() {
        delivery.wakeUp();
    }
}
