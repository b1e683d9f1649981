package io.emarsysdest.core.delivery;

/**
 * The port through which the delivery stage talks to Emarsys. One implementation speaks the real Core API over HTTP
 * (module {@code emarsys}); tests may substitute others. Implementations never throw for Emarsys or network errors:
 * they classify them into a {@link BatchOutcome}.
 */
public interface EmarsysGateway {
    BatchOutcome send(DeliveryBatch batch);
}
