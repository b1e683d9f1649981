package io.emarsysdest.testkit.engine;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The rollback of the in-memory state: each change records its inverse here, and a rollback replays them newest
 * first. Single-threaded, like the embedded writer; the stores of one unit of work share one journal.
 */
public final class Journal {
    private final Deque<Runnable> undo = new ArrayDeque<>();

    /** Remembers how to undo the change just made. */
    public void undo(Runnable inverse) {
        undo.push(inverse);
    }

    /** The changes so far stay. */
    public void commit() {
        undo.clear();
    }

    /** The changes since the last commit are undone, newest first. */
    public void rollback() {
        while (!undo.isEmpty()) undo.pop().run();
    }
}
