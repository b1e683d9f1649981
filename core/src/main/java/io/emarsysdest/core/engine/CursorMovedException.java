package io.emarsysdest.core.engine;

/**
 * The cursor was not where this writer left it: another owner moved it (or an operator did). Retrying the same
 * batch cannot succeed; the writer must read the position again and continue from there.
 */
public final class CursorMovedException extends StateStoreException {
    private final String name;
    private final long expected;
    private final long actual;

    public CursorMovedException(String name, long expected, long actual) {
        super("the cursor '" + name + "' is at " + actual + ", not at " + expected + " where this writer left it");
        this.name = name;
        this.expected = expected;
        this.actual = actual;
    }

    public String name() {
        return name;
    }

    public long expected() {
        return expected;
    }

    public long actual() {
        return actual;
    }
}
