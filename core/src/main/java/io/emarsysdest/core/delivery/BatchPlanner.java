package io.emarsysdest.core.delivery;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Turns claimed outbox items into requests.
 * <ul>
 *   <li>Groups by (account, operation, key field, target): one request serves one endpoint and one event or list.</li>
 *   <li>Caps each request at {@link BatchLimits#maxItems()} elements and the operation's byte cap, estimating each
 *       element's serialized size once (linear in the input).</li>
 *   <li>Upserts of one contact are merged into one element (field changes applied in order, later wins) that
 *       carries every source id; other operations never repeat a contact inside one request.</li>
 *   <li>Per-person order: an item that must wait for an earlier item of its person in the same round (see
 *       {@link Operations#mustWaitFor}) is held, except an upsert that merges into its person's pending upsert.</li>
 * </ul>
 * Pure and stateless; not tied to time.
 */
public final class BatchPlanner {
    /** Room for the request envelope: key_id, contacts array, list or event ids. */
    static final long ENVELOPE_BYTES = 256;

    private final BatchLimits limits;

    public BatchPlanner(BatchLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    public DeliveryPlan plan(List<OutboxItem> claimed) {
        List<OutboxItem> items = new ArrayList<>(claimed);
        items.sort(Comparator.comparingLong(OutboxItem::id));

        Map<String, PersonState> persons = new HashMap<>();
        Map<GroupKey, Group> groups = new LinkedHashMap<>();
        List<OutboxItem> held = new ArrayList<>();

        for (OutboxItem item : items) {
            PersonState person = persons.computeIfAbsent(item.account() + '\u0000' + item.personKey(), k -> new PersonState());
            GroupKey key = new GroupKey(item.account(), item.op(), item.keyField(), item.target());
            if (Operations.writesContact(item.op())) {
                if (!person.wroteContact) {
                    Element element = groups.computeIfAbsent(key, Group::new).add(item);
                    person.mergeTarget = item.op() == Operation.CONTACT_UPSERT ? element : null;
                } else if (item.op() == Operation.CONTACT_UPSERT && person.mergeTarget != null
                        && person.mergeTarget.group.key.equals(key)
                        && person.mergeTarget.keyValue.equals(item.keyValue())) {
                    person.mergeTarget.merge(item);
                } else {
                    held.add(item);
                    person.mergeTarget = null; // nothing later may overtake this one
                }
                person.wroteContact = true;
            } else {
                boolean waits = person.wroteContact
                        || (Operations.isListOp(item.op()) && !person.listTargets.add(item.target()));
                if (waits) held.add(item);
                else groups.computeIfAbsent(key, Group::new).add(item);
            }
        }

        List<DeliveryBatch> batches = new ArrayList<>();
        List<OutboxItem> oversized = new ArrayList<>();
        for (Group group : groups.values()) group.pack(limits, batches, oversized);
        return new DeliveryPlan(batches, held, oversized);
    }

    /** Size of one element inside its request, separator included. */
    static long elementBytes(Operation op, String keyField, String keyValue, ObjectNode payload) {
        long value = JsonSize.ofString(keyValue);
        return switch (op) {
            // {"<keyField>":"<keyValue>", …fields}
            case CONTACT_UPSERT -> JsonSize.of(payload == null ? JsonNodeFactory.instance.objectNode() : payload)
                    + JsonSize.ofString(keyField) + value + 2 + 1;
            // {"external_id":"<keyValue>", …payload}
            case EVENT_TRIGGER -> JsonSize.of(payload == null ? JsonNodeFactory.instance.objectNode() : payload)
                    + 14 + value + 1 + 1;
            default -> value + 1;
        };
    }

    private record GroupKey(String account, Operation op, String keyField, String target) {
    }

    private static final class PersonState {
        boolean wroteContact;
        Element mergeTarget;
        final Set<String> listTargets = new HashSet<>();
    }

    private static final class Group {
        final GroupKey key;
        final List<Element> elements = new ArrayList<>();
        final Map<String, Element> upsertsByKeyValue = new HashMap<>();

        Group(GroupKey key) {
            this.key = key;
        }

        Element add(OutboxItem item) {
            if (key.op == Operation.CONTACT_UPSERT) {
                Element existing = upsertsByKeyValue.get(item.keyValue());
                if (existing != null) { // another person with the same key value: the same Emarsys contact
                    existing.merge(item);
                    return existing;
                }
            }
            Element element = new Element(this, item);
            elements.add(element);
            if (key.op == Operation.CONTACT_UPSERT) upsertsByKeyValue.put(item.keyValue(), element);
            return element;
        }

        void pack(BatchLimits limits, List<DeliveryBatch> out, List<OutboxItem> oversized) {
            long maxBytes = limits.maxBytes(key.op);
            List<Builder> builders = new ArrayList<>();
            Map<String, Integer> lastBuilderOfKey = new HashMap<>();
            for (Element element : elements) {
                long bytes = elementBytes(key.op, key.keyField, element.keyValue, element.payload);
                if (ENVELOPE_BYTES + bytes > maxBytes) {
                    oversized.addAll(element.sources);
                    continue;
                }
                // The same contact twice (only possible for triggers here) goes to a later request.
                int index = lastBuilderOfKey.getOrDefault(element.keyValue, -1) + 1;
                while (index < builders.size() && !builders.get(index).fits(bytes, limits.maxItems(), maxBytes)) index++;
                if (index == builders.size()) builders.add(new Builder());
                builders.get(index).add(element, bytes);
                lastBuilderOfKey.put(element.keyValue, index);
            }
            for (Builder builder : builders) {
                List<BatchItem> items = new ArrayList<>(builder.elements.size());
                for (Element e : builder.elements) items.add(e.toBatchItem());
                out.add(new DeliveryBatch(key.account, key.op, key.keyField, key.target, items));
            }
        }
    }

    private static final class Builder {
        final List<Element> elements = new ArrayList<>();
        long bytes = ENVELOPE_BYTES;

        boolean fits(long elementBytes, int maxItems, long maxBytes) {
            return elements.size() < maxItems && bytes + elementBytes <= maxBytes;
        }

        void add(Element element, long elementBytes) {
            elements.add(element);
            bytes += elementBytes;
        }
    }

    private static final class Element {
        final Group group;
        final String keyValue;
        final List<OutboxItem> sources = new ArrayList<>(1);
        ObjectNode payload;
        boolean copied;

        Element(Group group, OutboxItem first) {
            this.group = group;
            this.keyValue = first.keyValue();
            this.payload = first.payload();
            sources.add(first);
        }

        void merge(OutboxItem later) {
            sources.add(later);
            if (later.payload() == null) return;
            if (payload == null) {
                payload = later.payload();
                return;
            }
            if (!copied) { // never mutate a claimed item's payload
                payload = payload.deepCopy();
                copied = true;
            }
            payload.setAll(later.payload());
        }

        BatchItem toBatchItem() {
            List<Long> ids = new ArrayList<>(sources.size());
            for (OutboxItem s : sources) ids.add(s.id());
            return new BatchItem(ids, keyValue, payload);
        }
    }
}
