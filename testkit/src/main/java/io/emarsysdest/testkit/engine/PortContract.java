package io.emarsysdest.testkit.engine;

import java.util.function.Consumer;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What the contract suites of the state ports share: transactions on the port, and the check that a rollback leaves nothing. */
public abstract class PortContract<S> {
    /** The port over fresh, empty state (a migrated database for JDBC). */
    protected abstract PortTransactions<S> transactions();

    protected <T> T committed(Function<S, T> work) {
        return transactions().committed(work);
    }

    protected void commit(Consumer<S> work) {
        transactions().commit(work);
    }

    /**
     * Runs {@code change} in a transaction that is rolled back, and checks that {@code view} reads the same before
     * and after: the change left nothing behind.
     */
    protected void assertRollbackLeavesNothing(Consumer<S> change, Function<S, ?> view) {
        Object before = committed(view);
        transactions().rolledBack(change);
        assertThat(committed(view)).as("what a rolled-back transaction left").isEqualTo(before);
    }
}
