package io.emarsysdest.testkit.engine;

import java.util.function.Consumer;
import java.util.function.Function;

/** How a port's contract suite reaches the port: one transaction per call, committed or rolled back. */
public interface PortTransactions<S> {
    /** Runs the work in one transaction and commits it. */
    <T> T committed(Function<S, T> work);

    /** Runs the work in one transaction and rolls it back (also when the work throws: then the exception is rethrown). */
    void rolledBack(Consumer<S> work);

    /** A committed transaction without a result. */
    default void commit(Consumer<S> work) {
        committed(s -> {
            work.accept(s);
            return null;
        });
    }
}
