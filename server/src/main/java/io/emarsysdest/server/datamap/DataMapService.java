package io.emarsysdest.server.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.emarsysdest.core.datamap.AudienceSettings;
import io.emarsysdest.core.datamap.DataMap;
import io.emarsysdest.core.datamap.DataMapSet;
import io.emarsysdest.core.datamap.DataMapTransactions;
import io.emarsysdest.core.datamap.DataMapVersion;
import io.emarsysdest.core.datamap.DataMapVersions;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.datamap.ListChange;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.io.IOException;
import java.time.InstantSource;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Data maps at run time: holds the compiled {@link DataMapSet} the event processor evaluates (swapped atomically
 * after every publish, import or audience change), runs configuration changes in a transaction, and loads maps from
 * the config file at start.
 */
public final class DataMapService {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private final DataMapTransactions transactions;
    private final Supplier<FieldCatalog> catalog;
    private final AudienceSettings audienceSettings;
    private final InstantSource clock;
    private final MeterRegistry meters;
    private final String keyField;
    private final ConcurrentMap<String, Counter> warningCounters = new ConcurrentHashMap<>();
    private final Counter upserts;
    private final Counter listAdds;
    private final Counter listRemoves;
    private volatile DataMapSet current;

    /**
     * @param transactions     the state database (or an in-memory repository)
     * @param catalog          the account's field catalog, cached by the caller; called on every (re)compile
     * @param audienceSettings how Engage audiences are recognised and synced
     * @param clock            wall clock for version timestamps
     * @param meters           where evaluation metrics go
     */
    public DataMapService(DataMapTransactions transactions, Supplier<FieldCatalog> catalog, AudienceSettings audienceSettings,
                          InstantSource clock, MeterRegistry meters) {
        this(transactions, catalog, audienceSettings, clock, meters, DataMap.DEFAULT_KEY_FIELD);
    }

    /**
     * As the five-argument form, with the service's key field ({@code identity.keyField}: id, name or string id),
     * which maps without a key field of their own use.
     */
    public DataMapService(DataMapTransactions transactions, Supplier<FieldCatalog> catalog, AudienceSettings audienceSettings,
                          InstantSource clock, MeterRegistry meters, String keyField) {
        this.keyField = Objects.requireNonNull(keyField, "keyField");
        this.transactions = Objects.requireNonNull(transactions, "transactions");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.audienceSettings = Objects.requireNonNull(audienceSettings, "audienceSettings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.meters = Objects.requireNonNull(meters, "meters");
        this.upserts = meters.counter("datamap_contact_upserts_total");
        this.listAdds = meters.counter("datamap_list_changes_total", "action", "add");
        this.listRemoves = meters.counter("datamap_list_changes_total", "action", "remove");
        List<Problem> problems = audienceSettings.validate();
        if (!problems.isEmpty()) throw new ValidationException("audience settings", problems);
        reload();
    }

    /** The maps the processor runs now; immutable, safe to keep for a whole batch. */
    public DataMapSet current() {
        return current;
    }

    /**
     * Evaluates one event with the current maps and counts the outcome: what the processor calls per event.
     *
     * @param personTraits the person's merged traits after this event (may be null)
     * @param keyValue     the contact's raw key value from the users table, or null when unknown
     */
    public MapResult evaluate(Event event, ObjectNode personTraits, String keyValue) {
        MapResult r = current.evaluate(event, personTraits, keyValue);
        if (r.hasContactUpdate()) upserts.increment();
        for (ListChange c : r.lists()) (c.add() ? listAdds : listRemoves).increment();
        for (Problem w : r.warnings()) {
            warningCounters.computeIfAbsent(w.code(), code -> meters.counter("datamap_warnings_total", "code", code)).increment();
        }
        return r;
    }

    /** Recompiles the running maps (after a publish, or when the field catalog was refreshed). */
    public DataMapSet reload() {
        DataMapSet set = transactions.inTransaction(repo -> new DataMapVersions(repo, catalog.get(), keyField).assemble(audienceSettings));
        current = set;
        return set;
    }

    /** Reads or changes versions in one transaction; {@code reload} rebuilds the running set afterwards. */
    public <T> T inTransaction(Function<DataMapVersions, T> work, boolean reload) {
        T result = transactions.inTransaction(repo -> work.apply(new DataMapVersions(repo, catalog.get(), keyField)));
        if (reload) reload();
        return result;
    }

    public FieldCatalog catalog() {
        return catalog.get();
    }

    public InstantSource clock() {
        return clock;
    }

    /**
     * Applies the data-map part of the config file at start: a bundle {@code {"maps":[…],"audiences":[…]}}.
     * Every map is validated first (nothing stored unless all are sound); changed maps are published, unchanged
     * ones left as they are, so restarting with the same file creates no versions.
     */
    public List<DataMapVersion> applyConfig(JsonNode bundle) {
        return inTransaction(v -> v.importBundle(bundle, true, clock.instant()), true);
    }

    /** As {@link #applyConfig}, from file content: YAML when the name ends in .yaml/.yml, else JSON. */
    public List<DataMapVersion> applyConfigFile(String content, String fileName) {
        return applyConfig(parseConfig(content, fileName));
    }

    static JsonNode parseConfig(String content, String fileName) {
        boolean yaml = fileName != null && (fileName.endsWith(".yaml") || fileName.endsWith(".yml"));
        try {
            return (yaml ? YAML : JSON).readTree(content);
        } catch (IOException e) {
            throw new ValidationException("data map config " + fileName,
                    List.of(new Problem("", "unreadable", (yaml ? "YAML" : "JSON") + " could not be read: " + e.getMessage())));
        }
    }
}
