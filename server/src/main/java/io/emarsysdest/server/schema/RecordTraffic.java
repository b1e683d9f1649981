package io.emarsysdest.server.schema;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.server.processing.EventPipeline;

import java.sql.Connection;
import java.util.List;

/**
 * The processing stage that feeds the {@link TrafficCatalogue}: a batch counts once it is committed (a rolled-back
 * batch is processed again and would count twice). Writes nothing to the database.
 */
public final class RecordTraffic implements EventPipeline {
    private final TrafficCatalogue catalogue;
    private List<Event> pending = List.of();

    public RecordTraffic(TrafficCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    @Override
    public void apply(Connection tx, List<Event> events) {
        pending = events;
    }

    @Override
    public void afterCommit() {
        List<Event> batch = pending;
        pending = List.of();
        catalogue.record(batch);
    }

    @Override
    public void afterRollback() {
        pending = List.of();
    }
}
