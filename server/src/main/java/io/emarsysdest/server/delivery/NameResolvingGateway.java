package io.emarsysdest.server.delivery;

import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.emarsys.EmarsysApiException;
import io.emarsysdest.emarsys.EmarsysClient;
import io.emarsysdest.emarsys.ReplyClassifier;
import io.emarsysdest.server.datamap.ListTargetResolver;

import java.time.InstantSource;

/**
 * Resolves targets given by name ({@code name:<list>} for audiences, {@code name:<event>} for rules) to Emarsys ids
 * at delivery time, creating missing lists and events, then sends through the wrapped gateway. Processing never waits
 * for Emarsys this way. A lookup that failed for a passing reason (network, 5xx, 429) is a retryable failure of the
 * batch; one Emarsys refused (an invalid name, 3004; a name taken that no re-read finds, 3005/5003) can never
 * succeed as it is, so its items become dead letters with the reason instead of retrying until they expire.
 */
public final class NameResolvingGateway implements EmarsysGateway {
    private final EmarsysGateway delegate;
    private final ListTargetResolver lists;
    private final ListTargetResolver events;
    private final InstantSource clock;

    public NameResolvingGateway(EmarsysGateway delegate, EmarsysClient client) {
        this(delegate, client, InstantSource.system());
    }

    public NameResolvingGateway(EmarsysGateway delegate, EmarsysClient client, InstantSource clock) {
        this.delegate = delegate;
        this.clock = clock;
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
        } catch (EmarsysApiException e) {
            Failure f = ReplyClassifier.requestFailure(Operation.LIST_ADD, e.response(), clock.instant());
            String text = "cannot resolve " + target + " to an Emarsys id: " + e.getMessage();
            if (f == null) f = Failure.retryable(e.response().httpStatus(), e.response().replyCode(), text);
            return new BatchOutcome.RequestFailed(new Failure(f.kind(), f.httpStatus(), f.replyCode(), text, f.retryNotBefore()));
        } catch (RuntimeException e) {
            return new BatchOutcome.RequestFailed(Failure.retryable(null, null, "cannot resolve " + target + " to an Emarsys id: " + e.getMessage()));
        }
        return delegate.send(new DeliveryBatch(batch.account(), batch.op(), batch.keyField(), id, batch.items()));
    }
}
