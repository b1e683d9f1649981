package io.emarsysdest.server.datamap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;

/**
 * Re-reads the account's field catalog every {@code interval} (every minute at most while it is a fallback or
 * partial, so a passing Emarsys failure heals quickly) and on demand, and recompiles the running data maps when
 * the catalog changed: a field created in Emarsys becomes mappable, and new choices usable, without a restart.
 */
public final class FieldCatalogRefresher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(FieldCatalogRefresher.class);
    static final Duration RETRY_WHILE_INCOMPLETE = Duration.ofMinutes(1);

    private final CachedFieldCatalog catalog;
    private final DataMapService maps;
    private final Duration interval;
    private Thread thread;

    public FieldCatalogRefresher(CachedFieldCatalog catalog, DataMapService maps, Duration interval) {
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.maps = Objects.requireNonNull(maps, "maps");
        this.interval = Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) throw new IllegalArgumentException("interval must be positive");
    }

    public synchronized FieldCatalogRefresher start() {
        if (thread == null) thread = Thread.ofVirtual().name("field-catalog-refresh").start(this::run);
        return this;
    }

    public Duration interval() {
        return interval;
    }

    /** Reads the catalog now and, when a field or choice changed, recompiles the running maps. */
    public synchronized CachedFieldCatalog.Status refreshNow() {
        CachedFieldCatalog.Status before = catalog.status();
        CachedFieldCatalog.Status after = catalog.refresh();
        if (!after.catalog().all().equals(before.catalog().all())) maps.reload();
        return after;
    }

    /** How long until the next periodic read, given the catalog's state. */
    Duration nextDelay() {
        boolean complete = CachedFieldCatalog.ACCOUNT.equals(catalog.status().source()) && catalog.status().lastError() == null;
        return complete || interval.compareTo(RETRY_WHILE_INCOMPLETE) < 0 ? interval : RETRY_WHILE_INCOMPLETE;
    }

    private void run() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(nextDelay());
                refreshNow();
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                log.warn("field catalog refresh failed: {}", e.getMessage());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (thread != null) thread.interrupt();
    }
}
