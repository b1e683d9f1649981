package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.event.JsonPath;

import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/** Reads, normalises and screens the identifiers and traits of an event. Thread-safe. */
public final class IdentifierExtractor {
    private static final JsonPath PREVIOUS_ID = JsonPath.compile("previousId");

    private final List<JsonPath> keyPaths;
    private final boolean[] keyPathReadsEventTraits;
    private final Normalizer normalizer;
    private final BlockedValues blocked;
    private final KeyFormat keyFormat;
    private final int keyMaxLength;

    public IdentifierExtractor(IdentitySettings settings) {
        this.keyPaths = settings.primaryKeyPaths().stream().map(JsonPath::compile).toList();
        this.keyPathReadsEventTraits = new boolean[keyPaths.size()];
        for (int i = 0; i < keyPaths.size(); i++) {
            keyPathReadsEventTraits[i] = keyPaths.get(i).text().startsWith("traits.");
        }
        this.normalizer = new Normalizer(settings.primaryKeyFormat());
        this.keyFormat = settings.primaryKeyFormat();
        this.keyMaxLength = settings.primaryKeyMaxLength();
        this.blocked = new BlockedValues(settings.blockedPatterns());
    }

    public ExtractedEvent extract(Event event) {
        List<EventIdentifier> ids = new ArrayList<>(4);
        List<DroppedIdentifier> dropped = new ArrayList<>(0);
        add(IdSource.USER_ID, event.userId(), ids, dropped);
        String key = null;
        for (int i = 0; i < keyPaths.size() && key == null; i++) {
            // a group call's traits describe the group, not the person
            if (event.type() == EventType.GROUP && keyPathReadsEventTraits[i]) continue;
            JsonNode value = keyPaths.get(i).read(event.body());
            if (value == null || value.isMissingNode() || value.isNull() || (value.isTextual() && value.textValue().isEmpty())) continue;
            String raw = value.isValueNode() ? value.asText() : value.toString();
            String refusal = keyFormat.refusal(value, keyMaxLength);
            if (refusal != null && !blocked.isBlocked(normalizer.normalize(IdType.PRIMARY_KEY, raw))) {
                // not a possible value of the key field: it must not become a contact; the next path may still hold one
                dropped.add(new DroppedIdentifier(IdSource.PRIMARY_KEY, raw, DropReason.INVALID_KEY, null,
                        keyPaths.get(i).text() + ": " + refusal));
                continue;
            }
            if (add(IdSource.PRIMARY_KEY, raw, ids, dropped)) key = raw;
        }
        add(IdSource.ANONYMOUS_ID, event.anonymousId(), ids, dropped);
        if (event.type() == EventType.ALIAS) add(IdSource.PREVIOUS_ID, PREVIOUS_ID.readText(event.body()), ids, dropped);
        // millisecond precision: what the store keeps, so cached and reloaded persons compare alike
        return new ExtractedEvent(ids, dropped, traitsOf(event), event.timestamp().truncatedTo(ChronoUnit.MILLIS),
                event.messageId(), event.offset());
    }

    /** @return true when the value was usable */
    private boolean add(IdSource source, String raw, List<EventIdentifier> ids, List<DroppedIdentifier> dropped) {
        if (raw == null) return false;
        IdType type = source.storedAs();
        String norm = normalizer.normalize(type, raw);
        if (blocked.isBlocked(norm)) {
            dropped.add(new DroppedIdentifier(source, raw, DropReason.BLOCKED, null));
            return false;
        }
        for (EventIdentifier e : ids) {
            if (e.id().type() == type && e.id().norm().equals(norm)) return true; // previousId equal to anonymousId
        }
        ids.add(new EventIdentifier(source, new Identifier(type, norm, raw)));
        return true;
    }

    private static ObjectNode traitsOf(Event event) {
        JsonNode traits = event.type() == EventType.IDENTIFY ? event.body().get("traits") : event.context().get("traits");
        return traits instanceof ObjectNode o && !o.isEmpty() ? o : null;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public BlockedValues blockedValues() {
        return blocked;
    }
}
