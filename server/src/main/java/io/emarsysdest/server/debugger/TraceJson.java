package io.emarsysdest.server.debugger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.identity.DroppedIdentifier;
import io.emarsysdest.core.identity.Merge;
import io.emarsysdest.core.rules.Trace;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.emarsys.Exchange;
import io.emarsysdest.core.processing.HeldItem;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Event and request traces as the debugger's API shows them: field names next to field ids (from the field
 * catalog), every outbox item linked to the requests that carried it and its latest verdict, request bodies and
 * replies as JSON.
 */
public final class TraceJson {
    /** Bodies above this are shown cut (a full 1,000-contact upsert is several hundred KB). */
    static final int MAX_BODY_CHARS = 200_000;
    private static final String PREVIOUS_KEY = "_previousKey";

    private final ObjectMapper json;
    private final Supplier<FieldCatalog> catalog;
    private final RequestTraces requests;

    public TraceJson(ObjectMapper json, Supplier<FieldCatalog> catalog, RequestTraces requests) {
        this.json = json;
        this.catalog = catalog;
        this.requests = requests;
    }

    /** The idempotency keys of everything the event produced (sent at once or held). */
    static Set<String> keysOf(EventTrace t) {
        Set<String> keys = new LinkedHashSet<>();
        for (NewOutboxItem i : t.items()) keys.add(i.idempotencyKey());
        for (HeldItem h : t.held()) keys.add(h.idempotencyKey());
        return keys;
    }

    /** The requests that carried items of these traces, by idempotency key (one scan for all of them). */
    public Map<String, List<RequestTrace>> requestsFor(List<EventTrace> traces) {
        Set<String> keys = new HashSet<>();
        for (EventTrace t : traces) keys.addAll(keysOf(t));
        Map<String, List<RequestTrace>> out = new HashMap<>();
        for (RequestTrace r : requests.carrying(keys)) {
            for (RequestTrace.Item i : r.items()) {
                if (keys.contains(i.idempotencyKey())) out.computeIfAbsent(i.idempotencyKey(), k -> new ArrayList<>()).add(r);
            }
        }
        return out;
    }

    /** One line of the list: what the event was, whom it concerns, what it led to and how that went. */
    public ObjectNode summary(EventTrace t, Map<String, List<RequestTrace>> sent) {
        ObjectNode o = header(t);
        ObjectNode counts = o.putObject("produced");
        for (NewOutboxItem i : t.items()) counts.put(opName(i.op()), counts.path(opName(i.op())).asInt() + 1);
        o.put("held", t.held().size());
        o.put("unchanged", t.unchanged());
        o.put("warnings", t.warnings().size());
        o.put("ruleSteps", t.rules().size());
        o.put("delivery", deliveryState(t, sent));
        return o;
    }

    /** Everything about one event, with the requests its items went out in. */
    public ObjectNode detail(EventTrace t, JsonNode body) {
        Map<String, List<RequestTrace>> sent = requestsFor(List.of(t));
        ObjectNode o = header(t);
        o.put("delivery", deliveryState(t, sent));
        if (body != null) o.set("body", body);
        else o.putNull("body");
        ObjectNode person = o.putObject("person");
        person.put("id", t.personId());
        person.put("new", t.newPerson());
        person.put("becameContact", t.becameContact());
        person.put("primaryKey", t.primaryKey());
        if (t.previousKey() != null) person.put("previousKey", t.previousKey());
        ArrayNode merged = person.putArray("merged");
        for (Merge m : t.merged()) merged.add(m.loser());
        ArrayNode dropped = person.putArray("droppedIdentifiers");
        for (DroppedIdentifier d : t.dropped()) {
            ObjectNode x = dropped.addObject().put("source", lower(d.source().name())).put("value", d.raw()).put("reason", lower(d.reason().name()));
            if (d.otherPersonId() != null) x.put("otherPersonId", d.otherPersonId());
        }
        o.put("forEmarsys", t.forEmarsys());

        ArrayNode fields = o.putArray("fields");
        ArrayNode items = o.putArray("items");
        for (NewOutboxItem i : t.items()) {
            ObjectNode x = items.addObject();
            x.put("op", opName(i.op())).put("keyField", i.keyField()).put("keyValue", i.keyValue()).put("target", i.target())
                    .put("idempotencyKey", i.idempotencyKey());
            if (i.payload() != null) x.set("payload", i.payload());
            if (i.op() == Operation.CONTACT_UPSERT && i.payload() != null) {
                ArrayNode f = x.putArray("fields");
                for (Iterator<Map.Entry<String, JsonNode>> it = i.payload().fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (e.getKey().equals(PREVIOUS_KEY)) continue;
                    ObjectNode field = fieldValue(e.getKey(), e.getValue());
                    f.add(field);
                    fields.add(field.deepCopy());
                }
            }
            verdict(x, i.idempotencyKey(), sent);
        }
        ArrayNode held = o.putArray("heldItems");
        for (HeldItem h : t.held()) {
            ObjectNode x = held.addObject().put("op", opName(h.op())).put("target", h.target()).put("idempotencyKey", h.idempotencyKey());
            if (h.payload() != null) x.set("payload", h.payload());
            verdict(x, h.idempotencyKey(), sent);
        }
        o.put("unchanged", t.unchanged());
        ArrayNode warnings = o.putArray("warnings");
        for (Problem p : t.warnings()) warnings.addObject().put("path", p.path()).put("code", p.code()).put("message", p.message());
        ArrayNode rules = o.putArray("ruleSteps");
        for (Trace r : t.rules()) {
            rules.addObject().put("at", String.valueOf(r.at())).put("ruleId", r.ruleId()).put("version", r.version())
                    .put("instanceId", r.instanceId()).put("kind", lower(r.kind().name())).put("detail", r.detail());
        }
        Set<String> keys = keysOf(t);
        ArrayNode reqs = o.putArray("requests");
        Set<Long> shown = new HashSet<>();
        for (List<RequestTrace> list : sent.values()) {
            for (RequestTrace r : list) if (shown.add(r.id())) reqs.add(request(r, keys, null));
        }
        sortById(reqs);
        return o;
    }

    /**
     * One request: what it carried of the given items (or persons), its exchanges with bodies and replies, and the
     * names of the fields its contacts carry.
     */
    public ObjectNode request(RequestTrace r, Set<String> keys, Set<String> personKeys) {
        ObjectNode o = json.createObjectNode();
        o.put("id", r.id()).put("at", r.at().toString()).put("account", r.account()).put("op", opName(r.op()))
                .put("keyField", r.keyField()).put("target", r.target()).put("outcome", r.outcome()).put("items", r.items().size());
        ArrayNode mine = o.putArray("theseItems");
        Set<String> keyValues = new LinkedHashSet<>();
        for (RequestTrace.Item i : r.items()) {
            boolean ours = (keys != null && keys.contains(i.idempotencyKey())) || (personKeys != null && personKeys.contains(i.personKey()));
            if (!ours) continue;
            keyValues.add(i.keyValue());
            ObjectNode x = mine.addObject().put("outboxId", i.outboxId()).put("idempotencyKey", i.idempotencyKey())
                    .put("keyValue", i.keyValue()).put("attempts", i.attempts()).put("verdict", i.verdict());
            if (i.error() != null) x.put("error", i.error());
        }
        ArrayNode exchanges = o.putArray("exchanges");
        for (Exchange e : r.exchanges()) {
            ObjectNode x = exchanges.addObject();
            x.put("at", e.at().toString()).put("endpoint", e.endpoint()).put("method", e.method()).put("path", e.path())
                    .put("durationMillis", Math.round(e.durationNanos() / 1e4) / 100.0);
            if (e.httpStatus() != null) x.put("httpStatus", e.httpStatus());
            if (e.replyCode() != null) x.put("replyCode", e.replyCode());
            if (e.replyText() != null) x.put("replyText", e.replyText());
            if (e.error() != null) x.put("error", e.error());
            JsonNode request = e.requestBody() == null ? null : parse(new String(e.requestBody(), StandardCharsets.UTF_8));
            x.set("request", request);
            x.set("reply", e.replyBody() == null ? null : parse(e.replyBody()));
            if (request != null && request.isObject()) {
                ArrayNode elements = x.putArray("elements"); // the parts of the body about these contacts
                ArrayNode names = x.putArray("fieldNames");
                Set<String> named = new HashSet<>();
                for (JsonNode c : request.path("contacts")) {
                    boolean about = keyValues.contains(c.path(r.keyField()).asText(null)) || keyValues.contains(c.path("external_id").asText(null));
                    if (about) elements.add(c);
                    if (r.op() != Operation.CONTACT_UPSERT) continue;
                    for (Iterator<String> it = c.fieldNames(); it.hasNext(); ) {
                        String id = it.next();
                        if (named.add(id)) names.add(fieldValue(id, null));
                    }
                }
                for (JsonNode v : request.path("external_ids")) if (keyValues.contains(v.asText())) elements.add(v);
                for (JsonNode v : request.path(r.keyField())) if (v.isTextual() && keyValues.contains(v.asText())) elements.add(v);
            }
        }
        return o;
    }

    private ObjectNode header(EventTrace t) {
        ObjectNode o = json.createObjectNode();
        o.put("offset", t.offset()).put("messageId", t.messageId()).put("type", t.typeName()).put("name", t.name())
                .put("userId", t.userId()).put("anonymousId", t.anonymousId())
                .put("timestamp", String.valueOf(t.timestamp())).put("receivedAt", String.valueOf(t.receivedAt()))
                .put("processedAt", t.processedAt().toString())
                .put("processingLagMillis", t.type() == null ? 0 : Math.max(0, t.processedAt().toEpochMilli() - t.receivedAt().toEpochMilli()))
                .put("personId", t.personId()).put("primaryKey", t.primaryKey());
        return o;
    }

    /**
     * The event's delivery in one word: none (nothing to send), held (waiting for the e-mail), queued (not sent
     * yet), delivered, retrying or failed (a dead letter), from the latest verdict of each item.
     */
    private static String deliveryState(EventTrace t, Map<String, List<RequestTrace>> sent) {
        if (t.items().isEmpty()) return t.held().isEmpty() ? "none" : "held";
        boolean queued = false, retry = false, dead = false;
        for (NewOutboxItem i : t.items()) {
            String v = latestVerdict(i.idempotencyKey(), sent);
            if (v == null || v.equals("unsent")) queued = true;
            else if (v.equals("retry")) retry = true;
            else if (v.equals("dead")) dead = true;
        }
        return dead ? "failed" : retry ? "retrying" : queued ? "queued" : "delivered";
    }

    private static String latestVerdict(String key, Map<String, List<RequestTrace>> sent) {
        List<RequestTrace> list = sent.get(key);
        if (list == null) return null;
        String v = null;
        for (RequestTrace r : list) {
            for (RequestTrace.Item i : r.items()) if (i.idempotencyKey().equals(key)) v = i.verdict();
        }
        return v;
    }

    private static void verdict(ObjectNode x, String key, Map<String, List<RequestTrace>> sent) {
        String v = latestVerdict(key, sent);
        x.put("status", v == null ? "queued" : v.equals("unsent") ? "queued" : v);
        ArrayNode ids = x.putArray("requestIds");
        for (RequestTrace r : sent.getOrDefault(key, List.of())) ids.add(r.id());
    }

    private ObjectNode fieldValue(String id, JsonNode value) {
        ObjectNode f = json.createObjectNode().put("fieldId", id);
        Field field = catalog.get().byId(id).orElse(null);
        f.put("name", field == null ? null : field.name());
        if (value != null) f.set("value", value);
        return f;
    }

    private JsonNode parse(String text) {
        String cut = text.length() > MAX_BODY_CHARS ? text.substring(0, MAX_BODY_CHARS) : text;
        if (cut.length() == text.length()) {
            try {
                return json.readTree(text);
            } catch (Exception ignored) {
                // not JSON (a proxy's error page): shown as text
            }
        }
        return json.getNodeFactory().textNode(cut.length() < text.length() ? cut + "… (" + text.length() + " characters)" : cut);
    }

    private static void sortById(ArrayNode arr) {
        List<JsonNode> list = new ArrayList<>();
        arr.forEach(list::add);
        list.sort((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
        arr.removeAll();
        list.forEach(arr::add);
    }

    static String opName(Operation op) {
        return lower(op.name());
    }

    private static String lower(String s) {
        return s.toLowerCase(Locale.ROOT);
    }
}
