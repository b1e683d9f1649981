package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.datamap.FieldCatalogLoad;
import io.emarsysdest.core.datamap.FieldProblem;
import io.emarsysdest.core.datamap.InMemoryFieldCatalog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The account's field catalog as last read from Emarsys, with where it came from. It is read only when maps are
 * compiled (save, publish, {@link DataMapService#reload()}), never per event; {@link FieldCatalogRefresher} calls
 * {@link #refresh()} periodically and on demand.
 * <ul>
 *   <li>{@code account}: every field and every choice list was read;</li>
 *   <li>{@code partial}: the fields were read, some choice lists were not (those fields keep the choices of the
 *       previous read, or none: their values are left out with a warning until a refresh reads them);</li>
 *   <li>{@code fallback}: the field list itself has never been read; the built-in system fields are used, without
 *       choices (an invented choice id would make Emarsys refuse the whole contact).</li>
 * </ul>
 * A failed read keeps what was there before.
 */
public final class CachedFieldCatalog implements Supplier<FieldCatalog> {
    private static final Logger log = LoggerFactory.getLogger(CachedFieldCatalog.class);

    public static final String ACCOUNT = "account";
    public static final String PARTIAL = "partial";
    public static final String FALLBACK = "fallback";

    /**
     * @param catalog     the catalog in use
     * @param source      {@link #ACCOUNT}, {@link #PARTIAL} or {@link #FALLBACK}
     * @param fetchedAt   when the field list in use was read; null for the fallback
     * @param lastAttempt when the last read was tried; null before the first
     * @param lastError   why the last read failed as a whole, or null when it worked
     * @param problems    the fields whose choices the last successful read could not get
     */
    public record Status(FieldCatalog catalog, String source, Instant fetchedAt, Instant lastAttempt, String lastError,
                         List<FieldProblem> problems) {
        public Status {
            problems = List.copyOf(problems);
        }

        public Optional<FieldProblem> problemOf(String fieldId) {
            return problems.stream().filter(p -> p.fieldId().equals(fieldId)).findFirst();
        }
    }

    private final Supplier<FieldCatalogLoad> fetch;
    private final InstantSource clock;
    private final Counter fieldFailures;
    private final Counter complete;
    private final Counter partial;
    private final Counter failed;
    private volatile Status status;

    /**
     * @param fetch    reads the catalog from Emarsys ({@code EmarsysFieldCatalogs.load} over the client); may throw
     *                 when the field list cannot be read
     * @param clock    wall clock
     * @param fallback used until the first read succeeds: {@code StandardFields.fallbackCatalog()}
     * @param meters   where the catalog's metrics go
     */
    public CachedFieldCatalog(Supplier<FieldCatalogLoad> fetch, InstantSource clock, FieldCatalog fallback, MeterRegistry meters) {
        this.fetch = Objects.requireNonNull(fetch, "fetch");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.status = new Status(Objects.requireNonNull(fallback, "fallback"), FALLBACK, null, null, null, List.of());
        this.fieldFailures = Counter.builder("field_catalog_field_failures_total")
                .description("Fields whose choices could not be read from Emarsys, counted per catalog read").register(meters);
        this.complete = meters.counter("field_catalog_reads_total", "outcome", "complete");
        this.partial = meters.counter("field_catalog_reads_total", "outcome", "partial");
        this.failed = meters.counter("field_catalog_reads_total", "outcome", "failed");
        Gauge.builder("field_catalog_failed_fields", this, c -> c.status.problems().size())
                .description("Fields of the catalog in use that came without their choices").register(meters);
        Gauge.builder("field_catalog_fallback", this, c -> FALLBACK.equals(c.status.source()) ? 1 : 0)
                .description("1 while the built-in fallback catalog is in use (the account's fields could not be read)").register(meters);
    }

    /** The catalog in use; the first call reads it from Emarsys. */
    @Override
    public FieldCatalog get() {
        if (status.lastAttempt() == null) refresh();
        return status.catalog();
    }

    public Status status() {
        return status;
    }

    /** Reads the catalog now; on failure keeps the previous one. Returns the status afterwards. */
    public synchronized Status refresh() {
        Instant now = clock.instant();
        Status before = status;
        FieldCatalogLoad load;
        try {
            load = Objects.requireNonNull(fetch.get(), "no catalog");
            if (load.catalog().all().isEmpty()) throw new IllegalStateException("Emarsys listed no fields");
        } catch (RuntimeException e) {
            failed.increment();
            String why = e.getMessage() == null ? e.toString() : e.getMessage();
            log.warn("field catalog read failed, keeping the {} catalog: {}", before.source(), why);
            status = new Status(before.catalog(), before.source(), before.fetchedAt(), now, why, before.problems());
            return status;
        }
        List<FieldProblem> problems = new ArrayList<>();
        FieldCatalog catalog = keepPreviousChoices(load, before, problems);
        fieldFailures.increment(problems.size());
        (problems.isEmpty() ? complete : partial).increment();
        for (FieldProblem p : problems) {
            log.warn("field {} ({}): choices could not be read from Emarsys, only this field is affected: {}",
                    p.fieldId(), p.fieldName(), p.message());
        }
        if (FALLBACK.equals(before.source()) || !before.problems().isEmpty() && problems.isEmpty()) {
            log.info("field catalog read from the account: {} fields, {} without choices", catalog.all().size(), problems.size());
        }
        status = new Status(catalog, problems.isEmpty() ? ACCOUNT : PARTIAL, now, now, null, problems);
        return status;
    }

    /** A field whose choices failed this time keeps the ones an earlier read of the account got, if any. */
    private static FieldCatalog keepPreviousChoices(FieldCatalogLoad load, Status before, List<FieldProblem> problems) {
        if (load.complete()) return load.catalog();
        boolean previousFromAccount = !FALLBACK.equals(before.source());
        InMemoryFieldCatalog catalog = new InMemoryFieldCatalog(load.catalog().all());
        for (FieldProblem p : load.problems()) {
            Field now = catalog.byId(p.fieldId()).orElse(null);
            Field earlier = previousFromAccount ? before.catalog().byId(p.fieldId()).orElse(null) : null;
            if (now != null && earlier != null && earlier.type() == now.type() && !earlier.choices().isEmpty()) {
                catalog = catalog.with(now.withChoices(earlier.choices()));
                problems.add(new FieldProblem(p.fieldId(), p.fieldName(), p.message() + "; using the "
                        + earlier.choices().size() + " choices of the previous read"));
            } else {
                problems.add(new FieldProblem(p.fieldId(), p.fieldName(), p.message() + "; values for this field are left out"));
            }
        }
        return catalog;
    }
}
