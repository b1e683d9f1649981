package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Storage of data map versions and audience → list mappings. Implementations work inside the caller's transaction
 * (JDBC: one {@code Connection}); {@link DataMapVersions} holds the rules (drafts editable, published immutable).
 */
public interface DataMapRepository {

    /** Ids of all stored maps, sorted. */
    List<String> mapIds();

    /** All versions of a map, oldest first; empty when the map is unknown. */
    List<DataMapVersion> versions(String mapId);

    Optional<DataMapVersion> version(String mapId, int version);

    /** The running (published) version of every map that has one. */
    List<DataMapVersion> current();

    /** Stores a new version (version number = previous highest + 1, chosen by the caller). */
    void insert(String mapId, int version, ObjectNode definition, Instant at);

    /** Replaces a draft's definition; returns false when the version is not a draft. */
    boolean updateDraft(String mapId, int version, ObjectNode definition, Instant at);

    /** Marks a version published (if it was a draft) and makes it the map's running version. */
    void publish(String mapId, int version, Instant at);

    /** Stops running the map (its versions stay). */
    void unpublish(String mapId, Instant at);

    List<AudienceListMapping> audienceMappings();

    Optional<AudienceListMapping> audienceMapping(String audienceKey);

    void putAudienceMapping(AudienceListMapping mapping, Instant at);

    /** Returns false when there was none. */
    boolean deleteAudienceMapping(String audienceKey);
}
