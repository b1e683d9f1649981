package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

/**
 * The rules of map versions over a {@link DataMapRepository} (inside the caller's transaction): saving validates
 * against the field catalog and reports every problem; the latest draft is edited in place; a published version never
 * changes, so an edit after publishing starts a new draft; publishing re-validates (fields may have changed) and moves
 * the running pointer; history is kept. The built-in default map is shown as map "default" until one is saved.
 */
public final class DataMapVersions {
    private final DataMapRepository repo;
    private final FieldCatalog catalog;
    private final String keyField;

    public DataMapVersions(DataMapRepository repo, FieldCatalog catalog) {
        this(repo, catalog, DataMap.DEFAULT_KEY_FIELD);
    }

    /** @param keyField the service's configured key field, used by maps that do not name their own */
    public DataMapVersions(DataMapRepository repo, FieldCatalog catalog, String keyField) {
        this.repo = Objects.requireNonNull(repo, "repo");
        this.catalog = Objects.requireNonNull(catalog, "catalog");
        this.keyField = Objects.requireNonNull(keyField, "keyField");
    }

    /** Validates and stores a map as the latest draft; throws {@link ValidationException} with every problem. */
    public DataMapVersion saveDraft(JsonNode json, Instant now) {
        DataMap map = validated(json, "data map");
        ObjectNode canonical = DataMapJson.write(map);
        List<DataMapVersion> history = repo.versions(map.id());
        DataMapVersion latest = history.isEmpty() ? null : history.get(history.size() - 1);
        if (latest != null && latest.status() == DataMapVersion.Status.DRAFT) {
            repo.updateDraft(map.id(), latest.version(), canonical, now);
            return repo.version(map.id(), latest.version()).orElseThrow();
        }
        int next = latest == null ? 1 : latest.version() + 1;
        repo.insert(map.id(), next, canonical, now);
        return repo.version(map.id(), next).orElseThrow();
    }

    /** Publishes a stored version (draft or earlier published: a rollback); re-validates first. */
    public DataMapVersion publish(String mapId, int version, Instant now) {
        DataMapVersion v = repo.version(mapId, version)
                .orElseThrow(() -> new NoSuchElementException("map " + mapId + " has no version " + version));
        validated(v.definition(), "data map " + mapId + " v" + version);
        repo.publish(mapId, version, now);
        return repo.version(mapId, version).orElseThrow();
    }

    /** Saves a draft and publishes it, unless the running version already has this exact definition. */
    public DataMapVersion saveAndPublish(JsonNode json, Instant now) {
        DataMap map = validated(json, "data map");
        ObjectNode canonical = DataMapJson.write(map);
        Optional<DataMapVersion> running = running(map.id());
        if (running.isPresent() && running.get().definition().equals(canonical)) return running.get();
        DataMapVersion draft = saveDraft(canonical, now);
        return publish(map.id(), draft.version(), now);
    }

    public void unpublish(String mapId, Instant now) {
        if (repo.versions(mapId).isEmpty()) throw new NoSuchElementException("no map " + mapId);
        repo.unpublish(mapId, now);
    }

    public Optional<DataMapVersion> running(String mapId) {
        return repo.versions(mapId).stream().filter(DataMapVersion::current).findFirst();
    }

    /** Ids of stored maps plus "default" (built in) when it has not been saved. */
    public List<String> mapIds() {
        List<String> ids = new ArrayList<>(repo.mapIds());
        if (!ids.contains(DefaultDataMap.ID)) ids.add(0, DefaultDataMap.ID);
        return ids;
    }

    public List<DataMapVersion> history(String mapId) {
        return repo.versions(mapId);
    }

    /**
     * A map's definition: the given version, or (version null) the running one, else the latest draft; for "default"
     * with nothing stored, the built-in map.
     */
    public Optional<DataMap> find(String mapId, Integer version) {
        if (version != null) return repo.version(mapId, version).map(DataMapVersion::map);
        List<DataMapVersion> history = repo.versions(mapId);
        Optional<DataMapVersion> run = history.stream().filter(DataMapVersion::current).findFirst();
        if (run.isPresent()) return run.map(DataMapVersion::map);
        if (!history.isEmpty()) return Optional.of(history.get(history.size() - 1).map());
        return DefaultDataMap.ID.equals(mapId) ? Optional.of(DefaultDataMap.map()) : Optional.empty();
    }

    /** What one map would make of an event (the map alone, not merged with the others). */
    public MapResult preview(DataMap map, Event event, ObjectNode personTraits, String keyValue) {
        CompiledDataMap compiled = DataMapCompiler.compile(map, catalog, keyField);
        return compiled.evaluate(event, personTraits, keyValue);
    }

    /** The running maps and audience mappings, compiled: what the processor should evaluate from now on. */
    public DataMapSet assemble(AudienceSettings audienceSettings) {
        List<DataMap> maps = new ArrayList<>();
        for (DataMapVersion v : repo.current()) maps.add(v.map());
        return DataMapSet.assemble(maps, catalog, new AudienceSync(audienceSettings, repo.audienceMappings()), keyField);
    }

    /**
     * Imports a bundle: every map and audience mapping is checked first, and nothing is stored unless all are sound.
     * With {@code publish} each map is published (unchanged running maps are left as they are), else saved as a draft.
     *
     * @return the stored versions
     */
    public List<DataMapVersion> importBundle(JsonNode json, boolean publish, Instant now) {
        List<Problem> problems = validateBundle(json, catalog, keyField);
        if (!problems.isEmpty()) throw new ValidationException("data map bundle", problems);
        DataMapBundle.Parsed parsed = DataMapBundle.parse(json);
        List<DataMapVersion> stored = new ArrayList<>();
        for (ObjectNode m : parsed.bundle().maps()) stored.add(publish ? saveAndPublish(m, now) : saveDraft(m, now));
        for (AudienceListMapping a : parsed.bundle().audiences()) repo.putAudienceMapping(a, now);
        return stored;
    }

    /**
     * Every problem of a bundle ({@code {"maps":[…],"audiences":[…]}}) against the catalog and the service's key
     * field; stores nothing.
     */
    public static List<Problem> validateBundle(JsonNode json, FieldCatalog catalog, String keyField) {
        DataMapBundle.Parsed parsed = DataMapBundle.parse(json);
        List<Problem> problems = new ArrayList<>(parsed.problems());
        if (parsed.ok()) {
            List<ObjectNode> maps = parsed.bundle().maps();
            for (int i = 0; i < maps.size(); i++) {
                for (Problem p : DataMapCompiler.validate(maps.get(i), catalog, keyField)) problems.add(p.under("maps[" + i + "]"));
            }
        }
        return problems;
    }

    /** The running version of every stored map (drafts of never-published maps too) and all audience mappings. */
    public DataMapBundle export() {
        List<ObjectNode> maps = new ArrayList<>();
        for (String id : repo.mapIds()) {
            List<DataMapVersion> history = repo.versions(id);
            DataMapVersion pick = history.stream().filter(DataMapVersion::current).findFirst()
                    .orElse(history.get(history.size() - 1));
            maps.add(pick.definition());
        }
        return new DataMapBundle(maps, repo.audienceMappings());
    }

    public List<AudienceListMapping> audienceMappings() {
        return repo.audienceMappings();
    }

    public boolean deleteAudienceMapping(String audienceKey) {
        return repo.deleteAudienceMapping(audienceKey);
    }

    public void putAudienceMapping(AudienceListMapping mapping, Instant now) {
        List<Problem> problems = mapping.validate();
        if (!problems.isEmpty()) throw new ValidationException("audience mapping", problems);
        repo.putAudienceMapping(mapping, now);
    }

    private DataMap validated(JsonNode json, String what) {
        List<Problem> problems = DataMapCompiler.validate(json, catalog, keyField);
        if (!problems.isEmpty()) throw new ValidationException(what, problems);
        return DataMapJson.parse(json).map();
    }
}
