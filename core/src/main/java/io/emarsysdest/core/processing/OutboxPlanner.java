package io.emarsysdest.core.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactOperation;
import io.emarsysdest.core.datamap.ListChange;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.Operations;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.core.rules.RuleAction;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The Emarsys decisions of processing, for one unit of work (a batch of events, or a round of fired timers): from
 * each event's {@link Resolution}, its data-map result and its rule actions, what goes to the outbox and what waits
 * for the person to become a contact. Pure: the caller loads the state views ({@link HeldItems},
 * {@link ContactMemories}), calls {@link #event} or {@link #timer} in order, applies each returned
 * {@link HeldChanges} before the next call, and writes {@link #items()} with the batch.
 * <ul>
 *   <li><b>Integrations switch</b>: an event with {@code "Emarsys": false} (or {@code "All": false} without
 *       {@code "Emarsys": true}) maps to nothing; its identity and rule effects stay.</li>
 *   <li><b>Became a contact</b>: the event that first gives a person a key is mapped as an identify of all its
 *       traits (anonymous activity reaches the contact); a person whose only known field is the key gets a key-only
 *       upsert, so the contact exists before its triggers and list changes.</li>
 *   <li><b>Key change</b>: the upsert carries {@link Operations#PREVIOUS_KEY}, so delivery renames the contact.</li>
 *   <li><b>Holds</b>: triggers and list changes of a person without a key are held and released, oldest first,
 *       when it gets one or merges into a contact; a held list change of a list the releasing event changes itself
 *       is dropped (the event's change is newer), and released list changes pass the contact memory.</li>
 *   <li><b>Idempotency keys</b>: {@code <op>:event|contact:<messageId>:<n>} for mapped items,
 *       {@code contact_upsert:key|rename:<messageId>} for the key-only and rename upserts, the rule's trigger id for
 *       triggers; a replayed batch produces the same keys.</li>
 *   <li>Every item addresses the contact by the configured key field ({@code identity.keyField}).</li>
 * </ul>
 */
public final class OutboxPlanner {
    /** "contact_upsert:", … per operation: the start of the idempotency keys of mapped items. */
    private static final String[] OP_PREFIX = Arrays.stream(Operation.values()).map(o -> o.name().toLowerCase() + ":").toArray(String[]::new);

    /** How many items the unit of work held, released and left out, and how many events were not for Emarsys. */
    public record Counts(int held, int released, int unchanged, int notForEmarsys) {
    }

    private final String account;
    private final String keyField;
    private final ContactMapper mapper;
    private final HeldItems held;
    private final ContactMemories memories;
    private final List<NewOutboxItem> items = new ArrayList<>();
    private final UpsertedPersons upserted = new UpsertedPersons();
    // the current step's held changes, reused across steps (most steps change nothing)
    private final List<HeldItem> holds = new ArrayList<>(0);
    private final List<Long> releases = new ArrayList<>(0);
    private int heldCount;
    private int releasedCount;
    private int unchangedCount;
    private int notForEmarsys;

    /**
     * @param account  the Emarsys account (API user) every item is sent with
     * @param keyField the configured key field id ({@code key_id}) as the running maps resolved it
     * @param mapper   the running data maps
     * @param held     what persons hold, kept current by the caller
     * @param memories what Emarsys already has, or {@link ContactMemories#SEND_ALL}
     */
    public OutboxPlanner(String account, String keyField, ContactMapper mapper, HeldItems held, ContactMemories memories) {
        this.account = Objects.requireNonNull(account, "account");
        this.keyField = Objects.requireNonNull(keyField, "keyField");
        this.mapper = Objects.requireNonNull(mapper, "mapper");
        this.held = Objects.requireNonNull(held, "held");
        this.memories = Objects.requireNonNull(memories, "memories");
    }

    /**
     * Plans one event of the batch, in log order.
     *
     * @param r        the users table's resolution of the event
     * @param onMerges the rule actions of each of {@code r.merges()}, in the same order (empty lists when none)
     * @param onEvent  the rule actions the event completed
     */
    public HeldChanges event(Event event, Resolution r, List<List<RuleAction>> onMerges, List<RuleAction> onEvent) {
        if (!r.resolved()) return HeldChanges.NONE;
        if (onMerges.size() != r.merges().size()) {
            throw new IllegalArgumentException(r.merges().size() + " merges but rule actions for " + onMerges.size());
        }
        holds.clear();
        releases.clear();
        long personId = r.personId();
        String key = r.primaryKeyRaw();
        String personKey = NewOutboxItem.personKey(personId);

        if (!r.merges().isEmpty()) memories.forget(personKey); // who had which field is in doubt
        for (int m = 0; m < onMerges.size(); m++) {
            emit(onMerges.get(m), personId, key, personKey);
            if (r.isContact()) release(r.merges().get(m).loser(), key, personKey, Set.of());
        }
        int eventItems = items.size();
        if (sendsToEmarsys(event)) {
            int n = 0;
            boolean identify = event.type() == EventType.IDENTIFY;
            if (r.becameContact() && !identify) {
                // A person who just got a key is upserted with everything gathered while anonymous (traits, and
                // the audience memberships held below), as if it had sent one identify with all its traits.
                n = map(asIdentifyWithTraits(event, r.traits()), r, personKey, "contact", 0);
            }
            int before = items.size();
            map(r.becameContact() && identify ? asIdentifyWithTraits(event, r.traits()) : event, r, personKey, "event", n);
            if (r.keyChanged()) markKeyChange(before, r, personKey, event);
            if (r.becameContact() && !hasUpsert(before) && !upserted.contains(items, personKey)) {
                // Nothing but the key is known: the contact must still exist before triggers and list changes reach it.
                ObjectNode keyOnly = JsonNodeFactory.instance.objectNode().put(keyField, key);
                items.add(before, NewOutboxItem.upsert(account, keyField, key, keyOnly, "contact_upsert:key:" + event.messageId(), personKey));
                upserted.add(personKey);
            }
        } else {
            notForEmarsys++;
        }
        if (r.becameContact()) {
            // held list changes are older than this event's own: a list it changes keeps this event's change
            release(personId, key, personKey, listTargets(eventItems));
        }
        emit(onEvent, personId, key, personKey);
        return step();
    }

    /**
     * Plans what fired rule timers completed for a person.
     *
     * @param key the person's contact key now, null while anonymous (or when the person is gone)
     */
    public HeldChanges timer(long personId, String key, List<RuleAction> actions) {
        holds.clear();
        releases.clear();
        emit(actions, personId, key, NewOutboxItem.personKey(personId));
        return step();
    }

    /** The outbox items planned so far, in the order they must be enqueued. */
    public List<NewOutboxItem> items() {
        return items;
    }

    public Counts counts() {
        return new Counts(heldCount, releasedCount, unchangedCount, notForEmarsys);
    }

    /** Segment's integrations switch: {@code "Emarsys": false}, or {@code "All": false} without {@code "Emarsys": true}. */
    public static boolean sendsToEmarsys(Event event) {
        JsonNode integrations = event.body().path("integrations");
        if (!integrations.isObject()) return true;
        JsonNode own = integrations.get("Emarsys");
        if (own != null && own.isBoolean()) return own.booleanValue();
        if (own != null && own.isObject()) return true;
        JsonNode all = integrations.get("All");
        return all == null || !all.isBoolean() || all.booleanValue();
    }

    private HeldChanges step() {
        return holds.isEmpty() && releases.isEmpty() ? HeldChanges.NONE : new HeldChanges(holds, releases);
    }

    /** Maps one event and adds its items, or holds its list changes while there is no key; returns the next item number. */
    private int map(Event event, Resolution r, String personKey, String kind, int n) {
        MapResult mr = mapper.map(event, r.traits(), r.primaryKeyRaw());
        // The users table's key is the only key: a value a map wrote to the key field is not one when the users
        // table has none (it may have been refused as no possible key value, e.g. "not an email").
        if (mr.keyValue() == null || r.primaryKeyRaw() == null) {
            // No contact yet: audience entries and exits (and other list changes) wait for the key under the person.
            for (ListChange c : mr.lists()) {
                Operation op = c.add() ? Operation.LIST_ADD : Operation.LIST_REMOVE;
                hold(new HeldItem(r.personId(), op, c.target().toTarget(), null,
                        OP_PREFIX[op.ordinal()] + kind + ":" + event.messageId() + ":" + (n++)));
            }
            return n;
        }
        List<ContactOperation> ops = mr.operations();
        if (!ops.isEmpty()) {
            int all = ops.size();
            ops = memories.filter(personKey, ops);
            unchangedCount += all - ops.size();
        }
        for (ContactOperation op : ops) {
            items.add(new NewOutboxItem(account, op.op(), op.keyField(), op.keyValue(), op.target(), op.payload(),
                    OP_PREFIX[op.op().ordinal()] + kind + ":" + event.messageId() + ":" + (n++), personKey));
        }
        return n;
    }

    /**
     * The person's e-mail changed: its upsert carries the previous key, so delivery renames the existing contact
     * instead of creating a second one (a rename-only upsert when the event upserts nothing).
     */
    private void markKeyChange(int from, Resolution r, String personKey, Event event) {
        for (int i = from; i < items.size(); i++) {
            NewOutboxItem it = items.get(i);
            if (it.op() == Operation.CONTACT_UPSERT) {
                ObjectNode payload = it.payload().deepCopy().put(Operations.PREVIOUS_KEY, r.previousPrimaryKeyRaw());
                items.set(i, new NewOutboxItem(it.account(), it.op(), it.keyField(), it.keyValue(), it.target(), payload, it.idempotencyKey(), it.personKey()));
                return;
            }
        }
        ObjectNode payload = JsonNodeFactory.instance.objectNode()
                .put(keyField, r.primaryKeyRaw()).put(Operations.PREVIOUS_KEY, r.previousPrimaryKeyRaw());
        items.add(from, NewOutboxItem.upsert(account, keyField, r.primaryKeyRaw(), payload, "contact_upsert:rename:" + event.messageId(), personKey));
    }

    /** Completed rules become triggers, held while the person has no key. */
    private void emit(List<RuleAction> actions, long personId, String key, String personKey) {
        for (RuleAction a : actions) {
            String target = a.externalEventId() != null ? Long.toString(a.externalEventId()) : "name:" + a.externalEventName();
            if (key == null) {
                hold(new HeldItem(personId, Operation.EVENT_TRIGGER, target, a.payload(), a.triggerId()));
            } else {
                items.add(NewOutboxItem.trigger(account, keyField, key, target, a.payload(), a.triggerId(), personKey));
            }
        }
    }

    private void hold(HeldItem item) {
        holds.add(item);
        heldCount++;
    }

    /**
     * The person's held items go out with the key. List changes pass the contact memory like mapped ones (an entry
     * the contact's first upsert already made is not sent twice), except for lists in {@code overridden}, whose
     * held change is dropped.
     */
    private void release(long personId, String key, String personKey, Set<String> overridden) {
        List<HeldItem> waiting = held.of(personId);
        if (waiting.isEmpty()) return;
        releases.add(personId);
        for (HeldItem h : waiting) {
            if (h.isListChange()) {
                if (overridden.contains(h.target())) continue;
                if (memories.filter(personKey, List.of(new ContactOperation(h.op(), keyField, key, h.target(), null))).isEmpty()) continue;
            }
            items.add(new NewOutboxItem(account, h.op(), keyField, key, h.target(), h.payload(), h.idempotencyKey(), personKey));
            releasedCount++;
        }
    }

    private boolean hasUpsert(int from) {
        for (int i = from; i < items.size(); i++) if (items.get(i).op() == Operation.CONTACT_UPSERT) return true;
        return false;
    }

    /** The lists that the items from {@code from} on change. */
    private Set<String> listTargets(int from) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < items.size(); i++) {
            NewOutboxItem it = items.get(i);
            if (Operations.isListOp(it.op())) out.add(it.target());
        }
        return out;
    }

    private static Event asIdentifyWithTraits(Event event, ObjectNode traits) {
        if (traits == null) return event;
        // A shallow copy: only two top-level fields differ, and nothing downstream changes an event's nodes (the
        // body is shared with the log's ring, the traits with the person's state, which changes by replacement).
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.setAll(event.body());
        body.put("type", EventType.IDENTIFY.wireName());
        body.set("traits", traits);
        return new Event(event.offset(), event.messageId(), EventType.IDENTIFY, event.userId(), event.anonymousId(),
                event.timestamp(), event.originalTimestamp(), event.sentAt(), event.receivedAt(), body);
    }

    /**
     * The person keys that have a contact upsert among the planned items, without scanning them all per question:
     * items are only added at the end or among the current event's own items, which are always after what was
     * scanned before that event.
     */
    private static final class UpsertedPersons {
        private final Set<String> keys = new HashSet<>();
        private int scanned;

        boolean contains(List<NewOutboxItem> items, String personKey) {
            for (; scanned < items.size(); scanned++) {
                NewOutboxItem it = items.get(scanned);
                if (it.op() == Operation.CONTACT_UPSERT) keys.add(it.personKey());
            }
            return keys.contains(personKey);
        }

        /** An upsert inserted among what was already scanned. */
        void add(String personKey) {
            keys.add(personKey);
        }
    }
}
