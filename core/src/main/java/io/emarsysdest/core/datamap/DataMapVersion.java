package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.Instant;
import java.util.Objects;

/**
 * One stored version of a map. A draft may be edited until it is published; a published version never changes
 * (a new edit makes a new draft). The map's "current" version is the published one the processor runs.
 *
 * @param mapId       the map id
 * @param version     1, 2, … per map
 * @param status      draft or published
 * @param definition  the canonical map JSON ({@link DataMapJson#write})
 * @param createdAt   when this version was first saved
 * @param updatedAt   when it was last saved (drafts only change)
 * @param publishedAt when it was first published, or null
 * @param current     true when this is the map's running version
 */
public record DataMapVersion(String mapId, int version, Status status, ObjectNode definition, Instant createdAt,
                             Instant updatedAt, Instant publishedAt, boolean current) {
    public enum Status {
        DRAFT, PUBLISHED;

        public String wire() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status fromWire(String s) {
            return valueOf(s.toUpperCase(java.util.Locale.ROOT));
        }
    }

    public DataMapVersion {
        Objects.requireNonNull(mapId, "mapId");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(definition, "definition");
    }

    /** The parsed map; stored definitions were valid when saved. */
    public DataMap map() {
        DataMapJson.Parsed p = DataMapJson.parse(definition);
        if (!p.ok()) throw new IllegalStateException("stored map " + mapId + " v" + version + " no longer parses: " + p.problems());
        return p.map();
    }
}
