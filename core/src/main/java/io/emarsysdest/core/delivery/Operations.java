package io.emarsysdest.core.delivery;

/** Facts about {@link Operation}s that batching and ordering rely on. */
public final class Operations {
    /**
     * Payload field of a contact upsert naming the contact's previous key value (its e-mail changed): delivery
     * renames the existing contact first instead of creating a second one. Never sent to Emarsys as a field.
     */
    public static final String PREVIOUS_KEY = "_previousKey";

    private Operations() {
    }

    /** Triggers name an event, list operations a list; the rest address the contact only. */
    public static boolean needsTarget(Operation op) {
        return op == Operation.EVENT_TRIGGER || op == Operation.LIST_ADD || op == Operation.LIST_REMOVE;
    }

    /**
     * Upserts and deletes change the contact itself: every later item of the same person waits for them
     * (a trigger or list add needs the contact to exist with its new fields).
     */
    public static boolean writesContact(Operation op) {
        return op == Operation.CONTACT_UPSERT || op == Operation.CONTACT_DELETE;
    }

    public static boolean isListOp(Operation op) {
        return op == Operation.LIST_ADD || op == Operation.LIST_REMOVE;
    }

    /**
     * Whether {@code later} must wait until {@code earlier} (same account and person, produced before it) is
     * delivered or given up: after a contact write everything waits; list changes of one list keep their order
     * (an add then a remove must not swap). Triggers never hold anything back.
     */
    public static boolean mustWaitFor(Operation later, String laterTarget, Operation earlier, String earlierTarget) {
        if (writesContact(earlier)) return true;
        return isListOp(earlier) && isListOp(later) && earlierTarget.equals(laterTarget);
    }
}
