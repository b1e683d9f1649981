package io.emarsysdest.core.ingest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.IsoInstant;
import io.emarsysdest.core.event.EventTime;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.validation.Problem;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Turns a Tracking API request body into validated, normalised events. Pure: the receive time and the
 * messageId generator are passed in.
 *
 * <p>Each item is checked completely, so a client sees every problem at once. Batch-level {@code context} and
 * {@code integrations} are merged into each item (the item's own keys win), times are corrected with
 * {@link EventTime}, and the write key is removed from what is stored.
 */
public final class IngestParser {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final IngestLimits limits;
    private final Supplier<String> messageIds;

    public IngestParser(IngestLimits limits, Supplier<String> messageIds) {
        this.limits = limits;
        this.messageIds = messageIds;
    }

    private record RawItem(JsonNode node, long bytes) {
    }

    public ParsedRequest parse(byte[] body, Endpoint endpoint, Instant receivedAt) {
        List<String> writeKeys = new ArrayList<>();
        if (body.length > limits.maxRequestBytes()) {
            return ParsedRequest.unusable(writeKeys, List.of(new Problem("", "request_too_large",
                    "request body is " + body.length + " bytes; the limit is " + limits.maxRequestBytes() + " bytes")));
        }
        int invalid = Utf8Validator.firstInvalidByte(body);
        if (invalid >= 0) {
            return ParsedRequest.unusable(writeKeys, List.of(new Problem("", "invalid_utf8", String.format(
                    "the body is not valid UTF-8: byte 0x%02X at offset %d does not start a well-formed sequence "
                            + "(overlong forms, encoded surrogates and code points above U+10FFFF are refused)", body[invalid] & 0xFF, invalid))));
        }
        ObjectNode top = MAPPER.createObjectNode();
        List<RawItem> items = new ArrayList<>();
        boolean sawBatch = false;
        try (JsonParser p = MAPPER.getFactory().createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return ParsedRequest.unusable(writeKeys, List.of(new Problem("", "not_an_object", "the body must be a JSON object")));
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                if (endpoint.isBatch() && field.equals("batch") && value == JsonToken.START_ARRAY) {
                    sawBatch = true;
                    while (p.nextToken() != JsonToken.END_ARRAY) {
                        long start = p.currentTokenLocation().getByteOffset();
                        JsonNode item = MAPPER.readTree(p);
                        long end = p.currentLocation().getByteOffset();
                        items.add(new RawItem(item, end - start));
                    }
                } else {
                    top.set(field, MAPPER.readTree(p));
                }
            }
            if (p.nextToken() != null) {
                return ParsedRequest.unusable(writeKeys, List.of(new Problem("", "invalid_json", "unexpected content after the JSON object")));
            }
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr();
            return ParsedRequest.unusable(writeKeys, List.of(new Problem("", "invalid_json", "the body is not valid JSON" + where + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            return ParsedRequest.unusable(writeKeys, List.of(new Problem("", "invalid_json", "the body could not be read: " + e.getMessage())));
        }

        addKey(writeKeys, top.get("writeKey"));
        if (endpoint.isBatch()) {
            if (!sawBatch) {
                String problem = top.has("batch") ? "batch must be an array of events" : "the body has no \"batch\" array";
                return ParsedRequest.unusable(writeKeys, List.of(new Problem("batch", "missing_batch", problem)));
            }
            if (items.isEmpty()) {
                return ParsedRequest.unusable(writeKeys, List.of(new Problem("batch", "empty_batch", "the batch has no events")));
            }
            if (items.size() > limits.maxBatchEvents()) {
                return ParsedRequest.unusable(writeKeys, List.of(new Problem("batch", "too_many_events",
                        "the batch has " + items.size() + " events; the limit is " + limits.maxBatchEvents())));
            }
        } else {
            items.add(new RawItem(top, body.length));
        }

        // The batch's sentAt only concerns the items without their own, so a bad one rejects those items, not the request.
        List<Problem> batchSentAtProblems = new ArrayList<>();
        Instant batchSentAt = endpoint.isBatch() ? checkTime(top, "sentAt", "", batchSentAtProblems) : null;
        JsonNode batchContext = endpoint.isBatch() ? top.get("context") : null;
        JsonNode batchIntegrations = endpoint.isBatch() ? top.get("integrations") : null;
        List<Problem> requestProblems = new ArrayList<>();
        if (endpoint.isBatch()) {
            checkObject(top, "context", "", requestProblems);
            checkObject(top, "integrations", "", requestProblems);
            // merged into every item, so bad text there spoils them all
            for (String field : new String[]{"context", "integrations"}) {
                if (top.get(field) != null) UnicodeText.checkTree(top.get(field), field, requestProblems);
            }
            if (!requestProblems.isEmpty()) return ParsedRequest.unusable(writeKeys, requestProblems);
        }

        String receivedAtText = IsoInstant.format(receivedAt); // the same for every item
        List<Event> accepted = new ArrayList<>(items.size());
        List<Rejection> rejected = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            RawItem raw = items.get(i);
            String at = endpoint.isBatch() ? "batch[" + i + "]" : "";
            if (!(raw.node() instanceof ObjectNode item)) {
                rejected.add(new Rejection(i, raw.node(), List.of(new Problem(at, "not_an_object", "an event must be a JSON object"))));
                continue;
            }
            if (endpoint.isBatch()) addKey(writeKeys, item.get("writeKey"));
            item.remove("writeKey");
            List<Problem> problems = new ArrayList<>();
            List<Problem> fromBatch = hasValue(item, "sentAt") ? List.of() : batchSentAtProblems;
            Event event = normalise(item, raw.bytes(), endpoint, receivedAt, receivedAtText, batchSentAt, batchContext, batchIntegrations, problems, !fromBatch.isEmpty());
            if (problems.isEmpty() && fromBatch.isEmpty()) {
                accepted.add(event);
            } else {
                List<Problem> located = new ArrayList<>(problems.stream().map(pr -> pr.under(at)).toList());
                for (Problem pr : fromBatch) {
                    located.add(new Problem(pr.path(), pr.code(), "the batch's " + pr.message() + "; this event has no sentAt of its own"));
                }
                rejected.add(new Rejection(i, item, located));
            }
        }
        return new ParsedRequest(writeKeys, accepted, rejected, List.of());
    }

    private Event normalise(ObjectNode item, long bytes, Endpoint endpoint, Instant receivedAt, String receivedAtText, Instant batchSentAt,
                            JsonNode batchContext, JsonNode batchIntegrations, List<Problem> problems, boolean rejectedAnyway) {
        if (bytes > limits.maxEventBytes()) {
            problems.add(new Problem("", "event_too_large", "the event is " + bytes + " bytes; the limit is " + limits.maxEventBytes() + " bytes"));
        }
        EventType type = endpoint.singleType();
        if (type == null) {
            JsonNode t = item.get("type");
            if (t == null || t.isNull()) {
                problems.add(new Problem("type", "missing_type", "type is required: identify, track, page, screen, group or alias"));
            } else if (!t.isTextual()) {
                problems.add(new Problem("type", "wrong_type", "type must be a string"));
            } else {
                type = EventType.fromWire(t.textValue()).orElse(null);
                if (type == null) {
                    problems.add(new Problem("type", "unknown_type", "type '" + t.textValue() + "' is not one of identify, track, page, screen, group, alias"));
                }
            }
        }
        String userId = idField(item, "userId", problems);
        String anonymousId = idField(item, "anonymousId", problems);
        if (type == EventType.ALIAS) {
            String previousId = idField(item, "previousId", problems);
            if (previousId == null && !hasWrongType(problems, "previousId")) {
                problems.add(new Problem("previousId", "missing_previous_id", "alias needs previousId, the earlier anonymousId or userId"));
            }
        }
        if (userId == null && anonymousId == null && !hasWrongType(problems, "userId") && !hasWrongType(problems, "anonymousId")) {
            problems.add(new Problem("userId", "no_user_anon_id", "every event needs a userId or an anonymousId"));
        }
        if (type == EventType.TRACK) {
            JsonNode ev = item.get("event");
            if (ev == null || ev.isNull() || (ev.isTextual() && ev.textValue().isBlank())) {
                problems.add(new Problem("event", "missing_event", "track needs an event name"));
            } else if (!ev.isTextual()) {
                problems.add(new Problem("event", "wrong_type", "event must be a string"));
            } else if (ev.textValue().indexOf('\0') >= 0) {
                problems.add(new Problem("event", "nul_character", "event contains U+0000 (NUL); event names cannot hold it"));
            }
        }
        if (type == EventType.PAGE || type == EventType.SCREEN) {
            checkString(item, "name", problems);
            checkString(item, "category", problems);
        }
        if (type == EventType.GROUP && idField(item, "groupId", problems) == null && !hasWrongType(problems, "groupId")) {
            problems.add(new Problem("groupId", "missing_group_id", "group needs a groupId"));
        }
        for (String field : new String[]{"traits", "properties", "context", "integrations"}) {
            checkObject(item, field, "", problems);
        }
        String messageId = idField(item, "messageId", problems);
        if (messageId != null && messageId.length() > limits.maxMessageIdChars()) {
            problems.add(new Problem("messageId", "message_id_too_long",
                    "messageId has " + messageId.length() + " characters; the limit is " + limits.maxMessageIdChars()));
        }
        Instant timestamp = checkTime(item, "timestamp", "", problems);
        Instant original = checkTime(item, "originalTimestamp", "", problems);
        Instant sentAt = checkTime(item, "sentAt", "", problems);
        UnicodeText.checkTree(item, "", problems);
        if (!problems.isEmpty() || rejectedAnyway) return null;

        if (original == null) original = timestamp != null ? timestamp : receivedAt;
        if (sentAt == null) sentAt = batchSentAt;
        Instant corrected = EventTime.corrected(receivedAt, sentAt, original);
        if (!Timestamps.inRange(corrected)) {
            // both inputs are in range, but sentAt − originalTimestamp (the event's age) reaches back before it
            problems.add(new Problem("timestamp", "timestamp_out_of_range", "the corrected timestamp receivedAt − (sentAt − originalTimestamp) = "
                    + corrected + " is before " + Timestamps.EARLIEST + "; sentAt " + sentAt + " and originalTimestamp " + original
                    + " cannot both be right"));
            return null;
        }
        if (messageId == null) messageId = messageIds.get();

        item.put("type", type.wireName());
        item.put("messageId", messageId);
        if (userId != null) item.put("userId", userId);
        if (anonymousId != null) item.put("anonymousId", anonymousId);
        mergeInto(item, "context", batchContext);
        mergeInto(item, "integrations", batchIntegrations);
        item.put("timestamp", IsoInstant.format(corrected));
        item.put("originalTimestamp", IsoInstant.format(original));
        if (sentAt != null) item.put("sentAt", IsoInstant.format(sentAt));
        item.put("receivedAt", receivedAtText);
        return new Event(0, messageId, type, userId, anonymousId, corrected, original, sentAt, receivedAt, item);
    }

    /** Batch-level values fill in keys the item does not have. */
    private static void mergeInto(ObjectNode item, String field, JsonNode batchLevel) {
        if (batchLevel == null || !batchLevel.isObject() || batchLevel.isEmpty()) return;
        JsonNode own = item.get(field);
        if (own == null || own.isNull()) {
            item.set(field, batchLevel.deepCopy());
            return;
        }
        ObjectNode target = (ObjectNode) own;
        Iterator<Map.Entry<String, JsonNode>> it = batchLevel.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!target.has(e.getKey())) target.set(e.getKey(), e.getValue().deepCopy());
        }
    }

    /**
     * An identifier: a non-empty string, or a number written as text; null when absent or empty. U+0000 is refused:
     * PostgreSQL cannot store it in text, and no client means it.
     */
    private static String idField(ObjectNode item, String field, List<Problem> problems) {
        JsonNode n = item.get(field);
        if (n == null || n.isNull()) return null;
        if (n.isTextual() && n.textValue().indexOf('\0') >= 0) {
            problems.add(new Problem(field, "nul_character", field + " contains U+0000 (NUL) at character " + n.textValue().indexOf('\0')
                    + "; identifiers cannot hold it"));
            return null;
        }
        if (n.isTextual()) return n.textValue().isEmpty() ? null : n.textValue();
        if (n.isIntegralNumber()) return n.asText();
        problems.add(new Problem(field, "wrong_type", field + " must be a string"));
        return null;
    }

    private static boolean hasWrongType(List<Problem> problems, String field) {
        for (Problem p : problems) if (p.path().equals(field) && p.code().equals("wrong_type")) return true;
        return false;
    }

    private static void checkString(ObjectNode item, String field, List<Problem> problems) {
        JsonNode n = item.get(field);
        if (n != null && !n.isNull() && !n.isTextual()) problems.add(new Problem(field, "wrong_type", field + " must be a string"));
    }

    private static void checkObject(JsonNode item, String field, String at, List<Problem> problems) {
        JsonNode n = item.get(field);
        if (n != null && !n.isNull() && !n.isObject()) {
            problems.add(new Problem(at.isEmpty() ? field : at + "." + field, "wrong_type", field + " must be a JSON object"));
        }
    }

    private static Instant checkTime(JsonNode item, String field, String at, List<Problem> problems) {
        JsonNode n = item.get(field);
        if (n == null || n.isNull()) return null;
        Instant t = n.isTextual() ? Timestamps.parse(n.textValue()) : null;
        String path = at.isEmpty() ? field : at + "." + field;
        if (t == null) {
            problems.add(new Problem(path, "invalid_timestamp",
                    field + " must be an ISO 8601 date-time of a real day, such as 2026-11-22T18:34:32.503Z"));
        } else if (!Timestamps.inRange(t)) {
            problems.add(new Problem(path, "timestamp_out_of_range",
                    field + " " + n.textValue() + " is outside the accepted range " + Timestamps.RANGE));
            return null;
        }
        return t;
    }

    private static boolean hasValue(JsonNode item, String field) {
        JsonNode n = item.get(field);
        return n != null && !n.isNull();
    }

    private static void addKey(List<String> keys, JsonNode n) {
        if (n != null && n.isTextual() && !n.textValue().isEmpty() && !keys.contains(n.textValue())) keys.add(n.textValue());
    }
}
