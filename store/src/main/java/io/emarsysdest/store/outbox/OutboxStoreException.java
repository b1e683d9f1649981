package io.emarsysdest.store.outbox;

/** A storage error in the outbox; the delivery worker backs off and tries again. */
public class OutboxStoreException extends RuntimeException {
    public OutboxStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
