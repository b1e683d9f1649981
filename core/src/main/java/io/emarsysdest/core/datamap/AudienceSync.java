package io.emarsysdest.core.datamap;

import io.emarsysdest.core.event.Event;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Audience entries and exits → contact list changes: a mapped audience goes to its list (by id, or by name), an
 * unmapped one to the list named like its key when {@link AudienceSettings#syncUnmapped()}. Membership changes are
 * set operations in Emarsys, so re-sent entries (first syncs, new identifiers) are harmless.
 */
public final class AudienceSync {
    public static final AudienceSync DISABLED = new AudienceSync(
            new AudienceSettings(false, false, null, null, null, false), List.of());

    private final AudienceSettings settings;
    private final Map<String, AudienceListMapping> mappings = new HashMap<>();
    private final AudienceExtractor extractor;

    public AudienceSync(AudienceSettings settings, Collection<AudienceListMapping> mappings) {
        this.settings = settings;
        for (AudienceListMapping m : mappings) this.mappings.put(m.audienceKey(), m);
        this.extractor = new AudienceExtractor(settings, this.mappings.keySet());
    }

    public static AudienceSync defaults(Collection<AudienceListMapping> mappings) {
        return new AudienceSync(AudienceSettings.DEFAULT, mappings);
    }

    public AudienceExtractor extractor() {
        return extractor;
    }

    /** The list change for one audience change, or empty when the audience is not synced. */
    public Optional<ListChange> route(AudienceChange change) {
        AudienceListMapping m = mappings.get(change.audienceKey());
        ListTarget target;
        if (m != null) {
            if (!m.enabled()) return Optional.empty();
            target = m.effectiveList();
        } else if (settings.syncUnmapped()) {
            target = new ListTarget.ByName(change.audienceKey());
        } else {
            return Optional.empty();
        }
        return Optional.of(new ListChange(target, change.member(), "audience:" + change.audienceKey()));
    }

    public List<ListChange> changes(Event event) {
        List<ListChange> out = new ArrayList<>(0);
        changes(event, out);
        return out;
    }

    void changes(Event event, List<ListChange> out) {
        if (!settings.enabled()) return;
        List<AudienceChange> found = new ArrayList<>(0);
        extractor.extract(event, found);
        for (AudienceChange c : found) route(c).ifPresent(out::add);
    }
}
