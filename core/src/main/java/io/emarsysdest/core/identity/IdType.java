package io.emarsysdest.core.identity;

/**
 * The kinds of identifier a person is stored under. The code is what the store keeps (compact, stable);
 * the wire name is what the HTTP API and metrics use.
 */
public enum IdType {
    USER_ID(1, "userId"),
    PRIMARY_KEY(2, "primaryKey"),
    ANONYMOUS_ID(3, "anonymousId");

    private final int code;
    private final String wireName;

    IdType(int code, String wireName) {
        this.code = code;
        this.wireName = wireName;
    }

    public int code() {
        return code;
    }

    public String wireName() {
        return wireName;
    }

    public static IdType fromCode(int code) {
        for (IdType t : values()) if (t.code == code) return t;
        throw new IllegalArgumentException("unknown identifier type code " + code);
    }
}
