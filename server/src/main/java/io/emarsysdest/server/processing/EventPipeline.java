package io.emarsysdest.server.processing;

import io.emarsysdest.core.event.Event;

import java.sql.Connection;
import java.util.List;

/**
 * What processing does with a batch of events, inside one transaction on the state database: resolve persons,
 * apply data maps and audiences, advance rules, write outbox items. A failure rolls the whole batch back.
 */
public interface EventPipeline {
    void apply(Connection tx, List<Event> events) throws Exception;

    /** Called after the batch's transaction committed (e.g. to wake delivery). */
    default void afterCommit() {
    }

    /** Called after the batch's transaction rolled back (e.g. to drop caches of uncommitted state). */
    default void afterRollback() {
    }

    /** Runs stages in order; each sees the same transaction. */
    static EventPipeline of(List<EventPipeline> stages) {
        return new EventPipeline() {
            @Override
            public void apply(Connection tx, List<Event> events) throws Exception {
                for (EventPipeline s : stages) s.apply(tx, events);
            }

            @Override
            public void afterCommit() {
                stages.forEach(EventPipeline::afterCommit);
            }

            @Override
            public void afterRollback() {
                stages.forEach(EventPipeline::afterRollback);
            }
        };
    }
}
