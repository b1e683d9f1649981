package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** A repository in memory, for tests and the sandbox. Not thread-safe: callers serialise, as with a transaction. */
public final class InMemoryDataMapRepository implements DataMapRepository {
    private final Map<String, List<DataMapVersion>> versions = new TreeMap<>();
    private final Map<String, Integer> current = new HashMap<>();
    private final Map<String, AudienceListMapping> audiences = new TreeMap<>();

    @Override
    public List<String> mapIds() {
        return List.copyOf(versions.keySet());
    }

    @Override
    public List<DataMapVersion> versions(String mapId) {
        List<DataMapVersion> out = new ArrayList<>();
        for (DataMapVersion v : versions.getOrDefault(mapId, List.of())) out.add(withCurrent(v));
        return out;
    }

    private DataMapVersion withCurrent(DataMapVersion v) {
        boolean cur = Integer.valueOf(v.version()).equals(current.get(v.mapId()));
        return new DataMapVersion(v.mapId(), v.version(), v.status(), v.definition().deepCopy(), v.createdAt(), v.updatedAt(),
                v.publishedAt(), cur);
    }

    @Override
    public Optional<DataMapVersion> version(String mapId, int version) {
        return versions(mapId).stream().filter(v -> v.version() == version).findFirst();
    }

    @Override
    public List<DataMapVersion> current() {
        List<DataMapVersion> out = new ArrayList<>();
        for (String id : versions.keySet()) {
            Integer v = current.get(id);
            if (v != null) version(id, v).ifPresent(out::add);
        }
        return out;
    }

    @Override
    public void insert(String mapId, int version, ObjectNode definition, Instant at) {
        versions.computeIfAbsent(mapId, k -> new ArrayList<>())
                .add(new DataMapVersion(mapId, version, DataMapVersion.Status.DRAFT, definition.deepCopy(), at, at, null, false));
    }

    @Override
    public boolean updateDraft(String mapId, int version, ObjectNode definition, Instant at) {
        List<DataMapVersion> list = versions.getOrDefault(mapId, List.of());
        for (int i = 0; i < list.size(); i++) {
            DataMapVersion v = list.get(i);
            if (v.version() == version && v.status() == DataMapVersion.Status.DRAFT) {
                list.set(i, new DataMapVersion(mapId, version, v.status(), definition.deepCopy(), v.createdAt(), at, null, false));
                return true;
            }
        }
        return false;
    }

    @Override
    public void publish(String mapId, int version, Instant at) {
        List<DataMapVersion> list = versions.getOrDefault(mapId, List.of());
        for (int i = 0; i < list.size(); i++) {
            DataMapVersion v = list.get(i);
            if (v.version() == version) {
                if (v.status() == DataMapVersion.Status.DRAFT) {
                    list.set(i, new DataMapVersion(mapId, version, DataMapVersion.Status.PUBLISHED, v.definition(), v.createdAt(),
                            v.updatedAt(), at, false));
                }
                current.put(mapId, version);
                return;
            }
        }
        throw new IllegalArgumentException("no version " + version + " of map " + mapId);
    }

    @Override
    public void unpublish(String mapId, Instant at) {
        current.remove(mapId);
    }

    @Override
    public List<AudienceListMapping> audienceMappings() {
        return List.copyOf(audiences.values());
    }

    @Override
    public Optional<AudienceListMapping> audienceMapping(String audienceKey) {
        return Optional.ofNullable(audiences.get(audienceKey));
    }

    @Override
    public void putAudienceMapping(AudienceListMapping mapping, Instant at) {
        audiences.put(mapping.audienceKey(), mapping);
    }

    @Override
    public boolean deleteAudienceMapping(String audienceKey) {
        return audiences.remove(audienceKey) != null;
    }
}
