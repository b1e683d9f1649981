package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.server.datamap.ListTargetResolver;

/**
 * Resolves targets given by name ({@code name:<list>} for audiences, {@code name:<event>} for rules) to Emarsys ids
 * at delivery time, creating missing lists and events, then sends through the wrapped gateway. Processing never waits
 * for Emarsys this way; a failed lookup is a retryable failure of the batch.
 */
public final class NameResolvingGateway implements EmarsysGateway {
    private final EmarsysGateway delegate;
    private final ListTargetResolver lists;
    private final ListTargetResolver events;

    public NameResolvingGateway(EmarsysGateway delegate, EmarsysClient client) {
        this.delegate = delegate;
        this.lists = new ListTargetResolver(NamedTargets.lists(client));
        this.events = new ListTargetResolver(NamedTargets.events(client));
    }

    @Override
    public BatchOutcome send(DeliveryBatch batch) {
        String target = batch.target();
        if (target == null || !target.startsWith("name:")) return delegate.send(batch);
        String id;
        try {
            id = batch.op() == Operation.EVENT_TRIGGER ? events.resolve(target) : lists.resolve(target);
        } catch (RuntimeException e) {
            return new BatchOutcome.RequestFailed(Failure.retryable(null, null, "cannot resolve " + target + " to an Emarsys id: " + e.getMessage()));
        }
        return delegate.send(new DeliveryBatch(batch.account(), batch.op(), batch.keyField(), id, batch.items()));
    }
}
