package io.emarsysdest.core.delivery;

import java.time.Instant;

/**
 * Selects dead letters; every null field matches everything.
 *
 * @param reason    why they were given up
 * @param replyCode the Emarsys replyCode
 * @param account   the Emarsys account
 * @param op        the operation
 * @param contact   the contact key value (exact)
 * @param personKey the person (exact)
 * @param from      given up at or after
 * @param to        given up before
 */
public record DeadLetterFilter(DeadReason reason, Integer replyCode, String account, Operation op, String contact,
                               String personKey, Instant from, Instant to) {
    public static final DeadLetterFilter ALL = new DeadLetterFilter(null, null, null, null, null, null, null, null);

    public boolean isEmpty() {
        return equals(ALL);
    }
}
