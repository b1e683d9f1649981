package io.emarsysdest.core.delivery;

/** Why an item was given up and moved to the dead letters. */
public enum DeadReason {
    /** Emarsys said it will never succeed as it is (400, 403, 401 after refresh, 2004, 2005, 2007, 5001, 5005, …). */
    PERMANENT,
    /** Retried until the maximum age passed. */
    EXPIRED,
    /** Too big for any single request (byte cap of its endpoint). */
    OVERSIZED
}
