package io.emarsysdest.core.identity;

import java.util.Locale;

/** Why an identifier of an event linked nothing. */
public enum DropReason {
    /** A placeholder value such as {@code null}, {@code anonymous}, {@code 0}, or one matching a configured pattern. */
    BLOCKED,
    /**
     * A primary key value that cannot be a value of the Emarsys key field (an e-mail key that is a number or not an
     * address, a text too long for the field, …): the person keeps no such key, so it never becomes a contact.
     */
    INVALID_KEY,
    /** Keeping it would give one person more userIds than allowed (the shared-device guard). */
    LIMIT_USER_ID,
    /** Keeping it would give one person more primary keys than allowed. */
    LIMIT_PRIMARY_KEY,
    /** Keeping it would give one person more anonymousIds than allowed. */
    LIMIT_ANONYMOUS_ID,
    /** The person already holds the maximum number of identifiers. */
    IDENTIFIER_CAP,
    /** It belongs to another person, and merging them would pass the per-person merge or identifier cap. */
    MERGE_CAP;

    /** The lower-case name used in metrics tags and JSON. */
    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }

    static DropReason limitOf(IdType type) {
        return switch (type) {
            case USER_ID -> LIMIT_USER_ID;
            case PRIMARY_KEY -> LIMIT_PRIMARY_KEY;
            case ANONYMOUS_ID -> LIMIT_ANONYMOUS_ID;
        };
    }
}
