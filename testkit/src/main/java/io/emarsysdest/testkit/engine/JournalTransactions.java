package io.emarsysdest.testkit.engine;

import java.util.function.Consumer;
import java.util.function.Function;

/** {@link PortTransactions} for in-memory stores: a commit keeps the journal's changes, a rollback replays their inverses. */
public final class JournalTransactions<S> implements PortTransactions<S> {
    private final Journal journal;
    private final S store;

    public JournalTransactions(Journal journal, S store) {
        this.journal = journal;
        this.store = store;
    }

    @Override
    public <T> T committed(Function<S, T> work) {
        try {
            T result = work.apply(store);
            journal.commit();
            return result;
        } catch (RuntimeException | Error e) {
            journal.rollback();
            throw e;
        }
    }

    @Override
    public void rolledBack(Consumer<S> work) {
        try {
            work.accept(store);
        } finally {
            journal.rollback();
        }
    }
}
