package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.event.EventType;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Which events a map or a mapping applies to. Each part left null is inherited (mapping from map, map from
 * {@link #DEFAULT}).
 *
 * @param types  event types; null = inherit (default identify, track, page, screen)
 * @param events track event names or page/screen names; null or empty = any (an identify has no name, so naming
 *               events excludes identifies)
 * @param where  a condition (JSON array of {path, op, value}) over the event body; paths under {@code person.traits.}
 *               read the person's merged traits; null = always
 */
public record AppliesTo(Set<EventType> types, List<String> events, JsonNode where) {
    public static final Set<EventType> DEFAULT_TYPES =
            EnumSet.of(EventType.IDENTIFY, EventType.TRACK, EventType.PAGE, EventType.SCREEN);
    public static final AppliesTo DEFAULT = new AppliesTo(DEFAULT_TYPES, null, null);

    public AppliesTo {
        types = types == null ? null : Set.copyOf(types);
        events = events == null ? null : List.copyOf(events);
    }

    /** This, with the parts it leaves open taken from {@code outer}. */
    public AppliesTo inheriting(AppliesTo outer) {
        return new AppliesTo(types != null ? types : outer.types, events != null ? events : outer.events,
                where != null ? where : outer.where);
    }
}
