package io.emarsysdest.store.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.DroppedIdentifier;
import io.emarsysdest.core.identity.EventIdentifier;
import io.emarsysdest.core.identity.ExtractedEvent;
import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.IdSource;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.IdentityResolver;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.InMemoryPersonRepository;
import io.emarsysdest.core.identity.Resolution;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The intermediate users table, as the event processor uses it: {@link #applyBatch} resolves a batch of accepted
 * events, in order, inside the processor's transaction, with a handful of statements per batch (bulk lookups of
 * what is not cached, then one write per changed row).
 * <p>
 * Single writer: one processor thread calls {@link #applyBatch}, then {@link #afterCommit} or {@link #afterRollback}.
 * The cache of persons assumes nobody else writes the users table; {@link #invalidate} (thread-safe) drops it after an
 * outside change such as a privacy deletion. With several writers (PostgreSQL, several nodes) construct it with
 * {@code cachedPersons = 0}: the cache then only lives for one batch.
 */
public final class UsersTable {
    /** Persons kept between batches by default (about 1 KB each). */
    public static final int DEFAULT_CACHED_PERSONS = 50_000;
    /** Events extracted, loaded and resolved together by {@link #applyBatch}: resolving then finds what loading touched still in the CPU cache. */
    public static final int SLICE = 256;

    private final IdentityResolver resolver;
    private final int cachedPersons;
    private final IdentityMetrics metrics;
    private final InMemoryPersonRepository cache = new InMemoryPersonRepository(false);
    private final TraitsText traitsText = new TraitsText();
    private final AtomicBoolean invalidated = new AtomicBoolean();
    private boolean uncommitted;
    private List<Resolution> pending = List.of();

    public UsersTable(IdentitySettings settings, MeterRegistry registry) {
        this(settings, registry, DEFAULT_CACHED_PERSONS);
    }

    public UsersTable(IdentitySettings settings, MeterRegistry registry, int cachedPersons) {
        this.resolver = new IdentityResolver(settings);
        this.cachedPersons = cachedPersons;
        this.metrics = new IdentityMetrics(registry);
    }

    public IdentitySettings settings() {
        return resolver.settings();
    }

    /**
     * Resolves the events in order (several events of one person see each other's changes) and writes the result
     * into {@code tx}, which the caller commits or rolls back.
     *
     * @return one resolution per event, in the same order
     * @throws StoreException when a statement fails; roll back, call {@link #afterRollback}, and when
     *                        {@link StoreException#isConflict()} retry the batch (another writer made the same identifier)
     */
    public List<Resolution> applyBatch(Connection tx, List<Event> events) {
        Batch batch = begin(tx);
        List<Resolution> out = new ArrayList<>(events.size());
        for (int from = 0; from < events.size(); from += SLICE) {
            out.addAll(batch.resolve(events.subList(from, Math.min(events.size(), from + SLICE))));
        }
        batch.flush();
        return out;
    }

    /**
     * Starts a batch resolved slice by slice, so that the caller can work on each slice's events while they are
     * still in the CPU cache: {@code begin}, then {@link Batch#resolve} for consecutive slices in log order, then
     * {@link Batch#flush} once, in the same transaction. {@link #applyBatch} is the same in one call.
     */
    public Batch begin(Connection tx) {
        if (uncommitted || invalidated.getAndSet(false) || cache.personCount() > cachedPersons) clearCache();
        uncommitted = true;
        pending = new ArrayList<>();
        return new Batch(new JdbcPersonRepository(tx, traitsText));
    }

    /** One batch of the users table in an open transaction (see {@link #begin}). */
    public final class Batch {
        private final JdbcPersonRepository jdbc;
        private final BatchRepository batch;

        private Batch(JdbcPersonRepository jdbc) {
            this.jdbc = jdbc;
            this.batch = new BatchRepository(cache, jdbc, resolver.settings().seenResolution());
        }

        /**
         * Resolves the next events in order (they see the changes of the earlier ones). Loading a slice after the
         * previous ones were resolved is what happens between batches anyway: what the batch changed is in memory,
         * and only identifiers unknown there are read.
         *
         * @return one resolution per event, in the same order
         */
        public List<Resolution> resolve(List<Event> events) {
            List<ExtractedEvent> extracted = new ArrayList<>(events.size());
            for (Event e : events) extracted.add(resolver.extractor().extract(e));
            load(extracted, jdbc);
            List<Resolution> out = new ArrayList<>(events.size());
            for (ExtractedEvent e : extracted) out.add(resolver.resolve(e, batch));
            pending.addAll(out);
            return out;
        }

        /** Writes every change of the batch into the transaction, once, after the last slice. */
        public void flush() {
            batch.flush();
        }
    }

    /** Call after the batch's transaction committed: keeps the cache and publishes the batch's metrics. */
    public void afterCommit() {
        uncommitted = false;
        metrics.record(pending);
        pending = List.of();
        if (cachedPersons <= 0) clearCache();
    }

    /** Call after the batch's transaction rolled back: what the cache learnt from it is dropped. */
    public void afterRollback() {
        uncommitted = false;
        pending = List.of();
        clearCache();
    }

    private void clearCache() {
        cache.clear();
        traitsText.clear(); // not stale (a pure function of the traits object), only kept as long as the persons
    }

    /** Drops the cache before the next batch; call after the users table changed elsewhere. Thread-safe. */
    public void invalidate() {
        invalidated.set(true);
    }

    /** Loads into the cache every stored identifier of the batch it does not hold yet, with its person. */
    private void load(List<ExtractedEvent> events, JdbcPersonRepository jdbc) {
        Set<IdKey> missing = new LinkedHashSet<>();
        for (ExtractedEvent e : events) {
            for (EventIdentifier id : e.ids()) {
                IdKey k = id.id().key();
                if (cache.findIdentity(k) == null) missing.add(k);
                if (id.source() == IdSource.PREVIOUS_ID) {
                    IdKey asUser = new IdKey(IdType.USER_ID, k.norm());
                    if (cache.findIdentity(asUser) == null) missing.add(asUser);
                }
            }
        }
        if (missing.isEmpty()) return;
        Map<IdKey, IdentityRecord> found = jdbc.findIdentities(missing);
        Set<Long> persons = new HashSet<>();
        for (IdentityRecord r : found.values()) if (!cache.knowsPerson(r.personId())) persons.add(r.personId());
        List<Long> wanted = new ArrayList<>(persons);
        for (int hop = 0; hop < 64 && !wanted.isEmpty(); hop++) {
            Map<Long, StoredPerson> rows = jdbc.loadOwn(wanted);
            wanted = new ArrayList<>();
            for (StoredPerson p : rows.values()) {
                cache.putPerson(p.state());
                if (p.mergedInto() != null) {
                    cache.putRedirect(p.state().id(), p.mergedInto());
                    if (!cache.knowsPerson(p.mergedInto())) wanted.add(p.mergedInto());
                }
            }
        }
        for (IdentityRecord r : found.values()) cache.putIdentity(r);
    }

    /** Counted after commit only, so a retried batch is not counted twice. */
    private static final class IdentityMetrics {
        private final MeterRegistry registry;

        IdentityMetrics(MeterRegistry registry) {
            this.registry = registry;
        }

        void record(List<Resolution> resolutions) {
            int created = 0, merges = 0, unresolved = 0;
            for (Resolution r : resolutions) {
                if (!r.resolved()) unresolved++;
                if (r.isNew()) created++;
                merges += r.merges().size();
                for (DroppedIdentifier d : r.dropped()) {
                    registry.counter("identity.identifiers.dropped", "reason", d.reason().tag(), "source", d.source().name().toLowerCase()).increment();
                    if (d.refusedMerge()) registry.counter("identity.merges.refused", "reason", d.reason().tag()).increment();
                }
            }
            registry.counter("identity.events.resolved").increment(resolutions.size() - unresolved);
            registry.counter("identity.events.unresolved").increment(unresolved);
            registry.counter("identity.persons.created").increment(created);
            registry.counter("identity.merges").increment(merges);
        }
    }
}
