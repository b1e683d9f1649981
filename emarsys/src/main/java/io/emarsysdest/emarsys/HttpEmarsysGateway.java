package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.BatchOutcome.ItemOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.EmarsysGateway;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Instant;
import java.time.InstantSource;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The delivery port over HTTP: one {@link DeliveryBatch} → one Core API request → a {@link BatchOutcome} with an
 * outcome per item in item order. Never throws for Emarsys or network errors. Classification: {@link ReplyClassifier}.
 * <ul>
 *   <li>Items that cannot be sent as they are (blank key value; trigger with non-object data or unreadable
 *       event_time) fail PERMANENT locally and are left out of the request, so they cannot sink the batch.</li>
 *   <li>When the whole request fails and no item failed locally the result is {@link BatchOutcome.RequestFailed};
 *       otherwise {@link BatchOutcome.Answered} with the request's failure copied to every sent item.</li>
 *   <li>Per-item errors in {@code data.errors} are matched to items by key value (exactly, then ignoring case).
 *       An error naming no item (e.g. {@code <NO_KEY_ID>}) applies to all items without their own error when
 *       Emarsys reported fewer ids than that.</li>
 *   <li>A whole-request rejection by replyCode (e.g. HTTP 400 with 2008) whose {@code data.errors} names items is
 *       answered per item: named items by their own code, the others with the request's failure.</li>
 * </ul>
 */
public final class HttpEmarsysGateway implements EmarsysGateway {
    private static final Logger log = LoggerFactory.getLogger(HttpEmarsysGateway.class);
    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final Map<String, EmarsysClient> clients;
    private final EmarsysClient single;
    private final InstantSource clock;

    /** One client per account name ({@link DeliveryBatch#account()}); batches for other names fail PERMANENT. */
    public HttpEmarsysGateway(Map<String, EmarsysClient> clientsByAccount, InstantSource clock) {
        this.clients = Map.copyOf(clientsByAccount);
        this.single = null;
        this.clock = clock;
    }

    /** A single account: every batch goes through this client whatever its account name. */
    public HttpEmarsysGateway(EmarsysClient client, InstantSource clock) {
        this.clients = Map.of();
        this.single = client;
        this.clock = clock;
    }

    @Override
    public BatchOutcome send(DeliveryBatch batch) {
        List<BatchItem> items = batch.items();
        if (items.isEmpty()) return new BatchOutcome.Answered(List.of());
        EmarsysClient client = single != null ? single : clients.get(batch.account());
        if (client == null) {
            return new BatchOutcome.RequestFailed(Failure.permanent(null, null, "no Emarsys account named " + batch.account()));
        }
        if (batch.op() != Operation.CONTACT_UPSERT && batch.op() != Operation.CONTACT_DELETE
                && (batch.target() == null || batch.target().isBlank())) {
            return new BatchOutcome.RequestFailed(Failure.permanent(null, null, batch.op() + " batch has no target id"));
        }
        Failure[] local = new Failure[items.size()];
        List<Integer> sent = new ArrayList<>();
        List<JsonNode> elements = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            BatchItem item = items.get(i);
            if (item.keyValue() == null || item.keyValue().isBlank()) {
                local[i] = Failure.permanent(null, null, "no key value for key field " + batch.keyField());
                continue;
            }
            Object element = element(batch, item);
            if (element instanceof Failure f) {
                local[i] = f;
            } else {
                sent.add(i);
                elements.add((JsonNode) element);
            }
        }
        boolean anyLocal = sent.size() < items.size();
        if (sent.isEmpty()) return answered(local, new Failure[items.size()], List.of());

        Failure requestFailure;
        Failure[] remote = new Failure[items.size()];
        Instant now;
        try {
            EmarsysResponse r = request(client, batch, sent.stream().map(items::get).toList(), elements);
            now = clock.instant();
            requestFailure = ReplyClassifier.requestFailure(batch.op(), r, now);
            if (requestFailure == null && r.isSuccess()) {
                mapItemErrors(batch.op(), r, items, sent, elements, batch.keyField(), remote, now);
            } else if (requestFailure != null && perItemRejection(r)
                    && mapItemErrors(batch.op(), r, items, sent, elements, batch.keyField(), remote, now)) {
                // a 4xx whose data.errors names items: those items get their own verdict, the rest the request's
                for (int i : sent) if (remote[i] == null) remote[i] = requestFailure;
                return answered(local, remote, sent);
            }
        } catch (IOException e) {
            requestFailure = ReplyClassifier.transportFailure(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            requestFailure = Failure.retryable(null, null, "interrupted while sending");
        } catch (IllegalArgumentException e) { // e.g. a base URL or target that makes no valid URI: retrying cannot help
            requestFailure = Failure.permanent(null, null, "cannot build the request: " + e.getMessage());
        }
        if (requestFailure != null) {
            if (!anyLocal) return new BatchOutcome.RequestFailed(requestFailure);
            for (int i : sent) remote[i] = requestFailure;
        }
        return answered(local, remote, sent);
    }

    private static BatchOutcome answered(Failure[] local, Failure[] remote, List<Integer> sent) {
        List<ItemOutcome> out = new ArrayList<>(local.length);
        for (int i = 0; i < local.length; i++) {
            Failure f = local[i] != null ? local[i] : remote[i];
            out.add(f == null ? ItemOutcome.DELIVERED : new ItemOutcome.Failed(f));
        }
        return new BatchOutcome.Answered(out);
    }

    /** The JSON element for one item (contact object, trigger item, or key value as text), or a local Failure. */
    private static Object element(DeliveryBatch batch, BatchItem item) {
        ObjectNode payload = item.payload();
        switch (batch.op()) {
            case CONTACT_UPSERT -> {
                ObjectNode contact = JSON.objectNode();
                if (payload != null) contact.setAll(payload); // shallow copy: the batch's payload stays untouched
                if (!contact.hasNonNull(batch.keyField())) contact.put(batch.keyField(), item.keyValue());
                return contact;
            }
            case EVENT_TRIGGER -> {
                ObjectNode t = JSON.objectNode().put("external_id", item.keyValue());
                if (payload != null) {
                    JsonNode triggerId = payload.get("trigger_id");
                    if (triggerId != null && !triggerId.isNull()) t.put("trigger_id", triggerId.asText());
                    JsonNode time = payload.get("event_time");
                    if (time != null && !time.isNull()) {
                        Instant at = parseTime(time);
                        if (at == null) return Failure.permanent(null, 5010, "event_time is not a time: " + time);
                        t.put("event_time", EmarsysRequests.eventTime(at));
                    }
                    JsonNode data = payload.get("data");
                    if (data != null && !data.isNull()) {
                        if (!data.isObject()) return Failure.permanent(null, 5011, "trigger data must be a JSON object, got " + data.getNodeType());
                        t.set("data", data);
                    }
                }
                return t;
            }
            default -> {
                return JSON.textNode(item.keyValue());
            }
        }
    }

    static Instant parseTime(JsonNode time) {
        try {
            if (time.isNumber()) return Instant.ofEpochMilli(time.asLong());
            String s = time.asText().trim();
            return s.endsWith("Z") || s.endsWith("z") ? Instant.parse(s.toUpperCase(Locale.ROOT)) : OffsetDateTime.parse(s).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static EmarsysResponse request(EmarsysClient client, DeliveryBatch batch, List<BatchItem> items, List<JsonNode> elements)
            throws IOException, InterruptedException {
        String key = batch.keyField();
        List<String> values = items.stream().map(BatchItem::keyValue).toList();
        return switch (batch.op()) {
            case CONTACT_UPSERT -> client.call("contact.upsert", "PUT", "contact/?create_if_not_exists=1",
                    EmarsysRequests.upsert(key, elements), elements.size());
            case EVENT_TRIGGER -> {
                ObjectNode body = JSON.objectNode().put("key_id", key);
                body.putArray("contacts").addAll(elements);
                yield client.call("event.trigger", "POST", "event/" + EmarsysClient.seg(batch.target()) + "/trigger", body, elements.size());
            }
            case LIST_ADD -> client.call("contactlist.add", "POST", "contactlist/" + EmarsysClient.seg(batch.target()) + "/add",
                    EmarsysRequests.listMembers(key, values), values.size());
            case LIST_REMOVE -> client.call("contactlist.delete", "POST", "contactlist/" + EmarsysClient.seg(batch.target()) + "/delete",
                    EmarsysRequests.listMembers(key, values), values.size());
            case CONTACT_DELETE -> client.call("contact.delete", "POST", "contact/delete",
                    EmarsysRequests.deleteContacts(key, values), values.size());
        };
    }

    /** A whole-request rejection by replyCode (not auth, permission, rate limit or server error) that lists item errors. */
    private static boolean perItemRejection(EmarsysResponse r) {
        int s = r.httpStatus();
        return r.replyCode() != null && s != 401 && s != 403 && s != 429 && s < 500 && r.replyCode() != 7003
                && !r.itemErrors().isEmpty();
    }

    /**
     * Maps data.errors back to the sent items by key value; the most severe error wins when one key has several.
     * Returns whether any error named an item.
     */
    private static boolean mapItemErrors(Operation op, EmarsysResponse r, List<BatchItem> items, List<Integer> sent,
                                      List<JsonNode> elements, String keyField, Failure[] remote, Instant now) {
        List<ItemError> errors = r.itemErrors();
        if (errors.isEmpty()) return false;
        Map<String, List<Integer>> exact = new HashMap<>();
        Map<String, List<Integer>> folded = new HashMap<>();
        for (int n = 0; n < sent.size(); n++) {
            int i = sent.get(n);
            List<String> keys = new ArrayList<>(List.of(items.get(i).keyValue()));
            JsonNode sentKey = op == Operation.CONTACT_UPSERT ? elements.get(n).get(keyField) : null;
            if (sentKey != null && sentKey.isValueNode() && !sentKey.asText().equals(keys.get(0))) {
                keys.add(sentKey.asText()); // the payload carried its own key value: Emarsys reports errors under it
            }
            for (String key : keys) {
                exact.computeIfAbsent(key, k -> new ArrayList<>()).add(i);
                folded.computeIfAbsent(key.toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
            }
        }
        boolean[] hasError = new boolean[items.size()];
        List<ItemError> unmatched = new ArrayList<>();
        for (ItemError e : errors) {
            List<Integer> hit = e.key() == null ? null : exact.get(e.key());
            if (hit == null && e.key() != null) hit = folded.get(e.key().toLowerCase(Locale.ROOT));
            if (hit == null) {
                unmatched.add(e);
                continue;
            }
            Failure f = ReplyClassifier.itemFailure(op, r.httpStatus(), e, now);
            for (int i : hit) {
                hasError[i] = true;
                if (ReplyClassifier.severity(f) > ReplyClassifier.severity(remote[i])) remote[i] = f;
            }
        }
        boolean matched = unmatched.size() < errors.size();
        if (unmatched.isEmpty()) return true;
        int withoutError = 0;
        for (int i : sent) if (!hasError[i]) withoutError++;
        JsonNode ids = r.data().get("ids");
        boolean fewerIds = ids != null && ids.isArray() && ids.size() < withoutError;
        boolean requestMarker = unmatched.stream().anyMatch(e -> e.key() != null && e.key().startsWith("<"));
        if (fewerIds || requestMarker) {
            Failure f = ReplyClassifier.itemFailure(op, r.httpStatus(), unmatched.get(0), now);
            for (int i : sent) if (!hasError[i]) remote[i] = f;
        } else {
            log.warn("Emarsys reported errors for keys not in the batch, ignored: {}", Arrays.toString(unmatched.toArray()));
        }
        return matched;
    }
}
