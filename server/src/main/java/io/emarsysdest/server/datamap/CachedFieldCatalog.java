package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.FieldCatalog;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The account's field catalog, fetched from Emarsys at most once per {@code maxAge} and kept when a fetch fails
 * (the last good copy, or {@code fallback} before the first success). It is read only when maps are compiled
 * (save, publish, {@link DataMapService#reload()}), never per event, so a lazy refresh on read is enough; schedule
 * {@code refresh()} + {@code DataMapService.reload()} to pick up new fields and choices sooner.
 */
public final class CachedFieldCatalog implements Supplier<FieldCatalog> {
    private static final Logger log = LoggerFactory.getLogger(CachedFieldCatalog.class);

    private final Supplier<FieldCatalog> fetch;
    private final Duration maxAge;
    private final InstantSource clock;
    private FieldCatalog current;
    private Instant fetchedAt;
    private Instant lastAttempt;

    /**
     * @param fetch    reads the catalog from Emarsys (e.g. {@code EmarsysFieldCatalogs.fromReplies} over the client);
     *                 may throw
     * @param maxAge   how long a fetched catalog is used before the next fetch (also the retry gap after a failure)
     * @param clock    wall clock
     * @param fallback used until the first fetch succeeds, e.g. {@code StandardFields.catalog()}
     */
    public CachedFieldCatalog(Supplier<FieldCatalog> fetch, Duration maxAge, InstantSource clock, FieldCatalog fallback) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.maxAge = Objects.requireNonNull(maxAge, "maxAge");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.current = Objects.requireNonNull(fallback, "fallback");
    }

    @Override
    public synchronized FieldCatalog get() {
        Instant now = clock.instant();
        if (lastAttempt == null || !now.isBefore(lastAttempt.plus(maxAge))) refresh();
        return current;
    }

    /** Fetches now; on failure keeps the previous catalog. Returns the catalog in use afterwards. */
    public synchronized FieldCatalog refresh() {
        lastAttempt = clock.instant();
        try {
            FieldCatalog fetched = fetch.get();
            if (fetched != null && !fetched.all().isEmpty()) {
                current = fetched;
                fetchedAt = lastAttempt;
            }
        } catch (RuntimeException e) {
            log.warn("field catalog fetch failed, keeping the {} copy: {}", fetchedAt == null ? "fallback" : "cached", e.toString());
        }
        return current;
    }

    /** When the catalog in use was fetched; null while the fallback is in use. */
    public synchronized Instant fetchedAt() {
        return fetchedAt;
    }
}
