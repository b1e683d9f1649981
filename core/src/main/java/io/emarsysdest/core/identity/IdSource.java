package io.emarsysdest.core.identity;

/**
 * Where an identifier came from on the event, strongest first. When linking would break a limit, the weakest
 * identifier of the event is dropped and resolution is retried (userId &gt; primary key &gt; anonymousId &gt; previousId).
 */
public enum IdSource {
    USER_ID(IdType.USER_ID),
    PRIMARY_KEY(IdType.PRIMARY_KEY),
    ANONYMOUS_ID(IdType.ANONYMOUS_ID),
    /** An alias call's {@code previousId}: matches a known userId or anonymousId; stored as an anonymousId when new. */
    PREVIOUS_ID(IdType.ANONYMOUS_ID);

    private final IdType storedAs;

    IdSource(IdType storedAs) {
        this.storedAs = storedAs;
    }

    /** The type a new identifier from this source is stored under. */
    public IdType storedAs() {
        return storedAs;
    }
}
