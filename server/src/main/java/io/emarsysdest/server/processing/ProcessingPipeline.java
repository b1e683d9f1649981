package io.emarsysdest.server.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactOperation;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.datamap.ListChange;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.store.datamap.ContactMemoryBatch;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.identity.DropReason;
import io.emarsysdest.core.identity.DroppedIdentifier;
import io.emarsysdest.core.identity.Merge;
import io.emarsysdest.core.identity.PersonState;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.RuleAction;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.server.datamap.DataMapService;
import io.emarsysdest.server.debugger.EventTraceRecorder;
import io.emarsysdest.server.debugger.EventTraces;
import io.emarsysdest.server.delivery.KeyChangeGateway;
import io.emarsysdest.store.identity.JdbcPersonRepository;
import io.emarsysdest.store.identity.PersonContacts;
import io.emarsysdest.store.identity.UsersTable;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.emarsysdest.store.processing.HeldOutbox;
import io.emarsysdest.store.processing.RefusedKeys;
import io.emarsysdest.store.rules.RuleBatch;
import io.emarsysdest.store.rules.RuleStateCache;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import java.sql.Connection;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * What processing does with a batch, in the processor's one transaction on the state database:
 * <ol>
 *   <li>the users table resolves and stitches each event's person;</li>
 *   <li>data maps and Engage audiences turn the event (with the person's merged traits) into contact upserts and
 *       list changes; when a person first gets a primary key, everything known about it so far goes in one upsert;</li>
 *   <li>rules advance and completed rules become external-event triggers (held until the person is a contact);</li>
 *   <li>all of it goes to the outbox, so it is delivered if and only if the batch commits.</li>
 * </ol>
 * Per-person order is kept by the outbox: items of one person share a person key, and delivery sends a contact's
 * upsert before its triggers and list changes.
 */
public final class ProcessingPipeline implements EventPipeline {
    /** "contact_upsert:", … per operation: the start of the idempotency keys of mapped items. */
    private static final String[] OP_PREFIX = java.util.Arrays.stream(Operation.values()).map(o -> o.name().toLowerCase() + ":").toArray(String[]::new);

    private final UsersTable users;
    private final DataMapService dataMaps;
    private final RuleEngine engine;
    private final AtomicReference<RuleSet> rules;
    private final JdbcOutboxRepository outbox;
    private final String account;
    private final InstantSource clock;
    private final Consumer<Instant> timerWake;
    private final Counter held;
    private final Counter released;
    private final Counter suppressed;
    private final RuleStateCache ruleStates = new RuleStateCache(RuleStateCache.DEFAULT_CAPACITY);
    private final RecordedContacts recordedContacts = new RecordedContacts(RecordedContacts.DEFAULT_CAPACITY);
    private final boolean sendUnchanged;
    private final Counter unchanged;
    private final EventTraceRecorder tracer; // what was done with each event, for the console's debugger
    private boolean ranInTransaction; // whether apply or fireTimers ran in the transaction that ends next
    private Optional<Instant> nextDue = Optional.empty();

    public ProcessingPipeline(UsersTable users, DataMapService dataMaps, RuleEngine engine, AtomicReference<RuleSet> rules,
                              JdbcOutboxRepository outbox, String account, InstantSource clock, Consumer<Instant> timerWake,
                              MeterRegistry registry) {
        this(users, dataMaps, engine, rules, outbox, account, clock, timerWake, registry, false);
    }

    /**
     * @param sendUnchanged send every mapped field and list change again even when Emarsys already has it (see
     *                      {@link ContactMemory}); false leaves out what was sent before
     */
    public ProcessingPipeline(UsersTable users, DataMapService dataMaps, RuleEngine engine, AtomicReference<RuleSet> rules,
                              JdbcOutboxRepository outbox, String account, InstantSource clock, Consumer<Instant> timerWake,
                              MeterRegistry registry, boolean sendUnchanged) {
        this(users, dataMaps, engine, rules, outbox, account, clock, timerWake, registry, sendUnchanged,
                new EventTraces(EventTraces.DEFAULT_CAPACITY));
    }

    /** @param traces where the trace of every processed event goes after its batch commits */
    public ProcessingPipeline(UsersTable users, DataMapService dataMaps, RuleEngine engine, AtomicReference<RuleSet> rules,
                              JdbcOutboxRepository outbox, String account, InstantSource clock, Consumer<Instant> timerWake,
                              MeterRegistry registry, boolean sendUnchanged, EventTraces traces) {
        this.tracer = new EventTraceRecorder(traces);
        this.users = users;
        this.sendUnchanged = sendUnchanged;
        this.dataMaps = dataMaps;
        this.engine = engine;
        this.rules = rules;
        this.outbox = outbox;
        this.account = account;
        this.clock = clock;
        this.timerWake = timerWake;
        held = Counter.builder("processing_items_held").description("Triggers and list changes held until their person becomes an Emarsys contact").register(registry);
        released = Counter.builder("processing_items_released").description("Held triggers and list changes released when the person became a contact").register(registry);
        unchanged = Counter.builder("processing_contact_operations_unchanged").description("Contact upserts and list changes left out because Emarsys already has their values").register(registry);
        suppressed = Counter.builder("processing_events_not_for_emarsys").description("Events whose integrations switch Emarsys off (users table and rules only)").register(registry);
    }

    /** The traces of the processed events (the latest few thousand). */
    public EventTraces traces() {
        return tracer.store();
    }

    @Override
    public void apply(Connection tx, List<Event> events) throws Exception {
        Instant now = clock.instant();
        ranInTransaction = true;
        UsersTable.Batch people = users.begin(tx);
        RuleBatch ruleBatch = new RuleBatch(tx, engine, rules.get(), ruleStates);
        HeldOutbox heldOutbox = new HeldOutbox(tx);
        List<NewOutboxItem> items = new ArrayList<>();
        UpsertedPersons upserted = new UpsertedPersons();
        ContactMemoryBatch memories = sendUnchanged ? null : new ContactMemoryBatch(tx);
        List<RefusedKeys.Refused> refusedKeys = new ArrayList<>(0);
        // Slice by slice: each event is resolved and then mapped while its fields are still in the CPU cache. The
        // users table's writes follow the last slice (nothing here reads them back before the commit).
        for (int from = 0; from < events.size(); from += UsersTable.SLICE) {
            List<Event> slice = events.subList(from, Math.min(events.size(), from + UsersTable.SLICE));
            List<Resolution> resolved = people.resolve(slice);
            collectRefusedKeys(slice, resolved, refusedKeys, now);
            apply(slice, resolved, ruleBatch, heldOutbox, memories, items, upserted, now);
        }
        RefusedKeys.record(tx, refusedKeys);
        people.flush();
        if (memories != null) memories.flush();
        PersonContacts.record(tx, recordedContacts.unrecorded(items), now);
        outbox.enqueue(tx, items, now);
        nextDue = ruleBatch.flush(now);
    }

    private void apply(List<Event> events, List<Resolution> resolutions, RuleBatch ruleBatch, HeldOutbox heldOutbox,
                       ContactMemoryBatch memories, List<NewOutboxItem> items, UpsertedPersons upserted, Instant now) throws Exception {
        // Rule states are loaded in one query for the persons whose events some rule listens to (the rest never need one).
        boolean[] interested = new boolean[events.size()];
        Set<String> persons = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Resolution r = resolutions.get(i);
            if (!r.resolved()) continue;
            interested[i] = ruleBatch.interestedIn(events.get(i));
            if (interested[i]) persons.add(Long.toString(r.personId()));
        }
        if (!persons.isEmpty()) ruleBatch.preload(persons);
        if (memories != null) preloadMemories(events, resolutions, memories);

        List<io.emarsysdest.core.rules.Trace> ruleSteps = ruleBatch.traces();
        for (int i = 0; i < events.size(); i++) {
            Event event = events.get(i);
            Resolution r = resolutions.get(i);
            tracer.startEvent();
            if (!r.resolved()) {
                tracer.event(event, r, false, List.of(), List.of(), now);
                continue;
            }
            int firstItem = items.size();
            int firstStep = ruleSteps.size();
            boolean forEmarsys = true;
            // Built only when rules need it: most events match no rule and most persons never merge.
            PersonContext person = r.merges().isEmpty() && !interested[i] ? null : context(r.personId(), r.traits());
            String personKey = NewOutboxItem.personKey(r.personId());

            if (memories != null && !r.merges().isEmpty()) memories.forget(personKey); // who had which field is in doubt
            for (Merge m : r.merges()) {
                emit(ruleBatch.onMerge(Long.toString(m.loser()), person, now), r.personId(), r.primaryKeyRaw(), personKey, heldOutbox, items, now);
                if (r.isContact()) release(heldOutbox, m.loser(), r.primaryKeyRaw(), personKey, memories, Set.of(), items);
            }
            int eventItems = items.size();
            if (sendsToEmarsys(event)) {
                int n = 0;
                if (r.becameContact() && event.type() != EventType.IDENTIFY) {
                    // A person who just got a key is upserted with everything gathered while anonymous (traits, and
                    // the audience memberships held below), as if it had sent one identify with all its traits.
                    n = map(asIdentifyWithTraits(event, r.traits()), r, personKey, "contact", 0, memories, heldOutbox, items, now);
                }
                int before = items.size();
                n = map(r.becameContact() && event.type() == EventType.IDENTIFY ? asIdentifyWithTraits(event, r.traits()) : event,
                        r, personKey, "event", n, memories, heldOutbox, items, now);
                if (r.keyChanged()) markKeyChange(items, before, r, personKey, event);
                if (r.becameContact() && items.subList(before, items.size()).stream().noneMatch(it -> it.op() == Operation.CONTACT_UPSERT)
                        && !upserted.contains(items, personKey)) {
                    // Nothing but the key is known: the contact must still exist before triggers and list changes reach it.
                    ObjectNode keyOnly = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode().put(keyField(), r.primaryKeyRaw());
                    items.add(before, NewOutboxItem.upsert(account, keyField(), r.primaryKeyRaw(), keyOnly, "contact_upsert:key:" + event.messageId(), personKey));
                    upserted.add(personKey);
                }
            } else {
                suppressed.increment();
                forEmarsys = false;
            }
            if (r.becameContact()) {
                // held list changes are older than this event's own: a list it changes keeps this event's change
                release(heldOutbox, r.personId(), r.primaryKeyRaw(), personKey, memories, listTargets(items, eventItems), items);
            }
            if (interested[i]) {
                emit(ruleBatch.onEvent(person, event, now), r.personId(), r.primaryKeyRaw(), personKey, heldOutbox, items, now);
            }
            tracer.event(event, r, forEmarsys, items.subList(firstItem, items.size()), ruleSteps.subList(firstStep, ruleSteps.size()), now);
        }
    }

    /** Primary key values the users table refused as no possible value of the key field: kept for operators. */
    private void collectRefusedKeys(List<Event> events, List<Resolution> resolutions, List<RefusedKeys.Refused> out, Instant now) {
        for (int i = 0; i < events.size(); i++) {
            Resolution r = resolutions.get(i);
            for (DroppedIdentifier d : r.dropped()) {
                if (d.reason() != DropReason.INVALID_KEY) continue;
                Event e = events.get(i);
                out.add(new RefusedKeys.Refused(0, now, e.offset(), e.messageId(), r.resolved() ? r.personId() : null,
                        d.raw(), d.detail()));
            }
        }
    }

    /**
     * Contact memories for the slice in one query: a new person's starts empty, and those of identifies (which the
     * default map turns into upserts) are read together; anything else is read when its first operation needs it.
     */
    private static void preloadMemories(List<Event> events, List<Resolution> resolutions, ContactMemoryBatch memories) throws java.sql.SQLException {
        Set<String> wanted = new HashSet<>();
        for (int i = 0; i < events.size(); i++) {
            Resolution r = resolutions.get(i);
            if (!r.resolved()) continue;
            String personKey = NewOutboxItem.personKey(r.personId());
            if (r.isNew()) memories.startNew(personKey);
            else if (events.get(i).type() == EventType.IDENTIFY || r.becameContact()) wanted.add(personKey);
        }
        if (!wanted.isEmpty()) memories.preload(wanted);
    }

    /**
     * The person keys that have a contact upsert among a batch's items, without scanning them all per question:
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

    /**
     * The person's e-mail changed: its upsert carries the previous key, so delivery renames the existing contact
     * instead of creating a second one.
     */
    private void markKeyChange(List<NewOutboxItem> items, int from, Resolution r, String personKey, Event event) {
        for (int i = from; i < items.size(); i++) {
            NewOutboxItem it = items.get(i);
            if (it.op() == Operation.CONTACT_UPSERT) {
                ObjectNode payload = it.payload().deepCopy().put(KeyChangeGateway.PREVIOUS_KEY, r.previousPrimaryKeyRaw());
                items.set(i, new NewOutboxItem(it.account(), it.op(), it.keyField(), it.keyValue(), it.target(), payload, it.idempotencyKey(), it.personKey()));
                return;
            }
        }
        ObjectNode payload = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                .put(keyField(), r.primaryKeyRaw()).put(KeyChangeGateway.PREVIOUS_KEY, r.previousPrimaryKeyRaw());
        items.add(from, NewOutboxItem.upsert(account, keyField(), r.primaryKeyRaw(), payload, "contact_upsert:rename:" + event.messageId(), personKey));
    }

    private int map(Event event, Resolution r, String personKey, String kind, int n, ContactMemoryBatch memories,
                    HeldOutbox heldOutbox, List<NewOutboxItem> items, Instant now) throws java.sql.SQLException {
        MapResult mr = dataMaps.evaluate(event, r.traits(), r.primaryKeyRaw());
        tracer.warnings(mr.warnings());
        // The users table's key is the only key: a value a map wrote to the key field is not one when the users
        // table has none (it may have been refused as no possible key value, e.g. "not an email").
        if (mr.keyValue() == null || r.primaryKeyRaw() == null) {
            // No contact yet: audience entries and exits (and other list changes) wait for the key under the person.
            for (ListChange c : mr.lists()) {
                Operation op = c.add() ? Operation.LIST_ADD : Operation.LIST_REMOVE;
                HeldOutbox.Held h = new HeldOutbox.Held(r.personId(), op, c.target().toTarget(), null,
                        OP_PREFIX[op.ordinal()] + kind + ":" + event.messageId() + ":" + (n++));
                heldOutbox.holdListChange(h, now);
                tracer.held(h);
                held.increment();
            }
            return n;
        }
        List<ContactOperation> ops = mr.operations();
        if (memories != null && !ops.isEmpty()) {
            int all = ops.size();
            ops = memories.filter(personKey, ops);
            if (ops.size() < all) {
                unchanged.increment(all - ops.size());
                tracer.unchanged(all - ops.size());
            }
        }
        for (ContactOperation op : ops) {
            items.add(new NewOutboxItem(account, op.op(), op.keyField(), op.keyValue(), op.target(), op.payload(),
                    OP_PREFIX[op.op().ordinal()] + kind + ":" + event.messageId() + ":" + (n++), personKey));
        }
        return n;
    }

    /** Fires due rule timers, on the processor thread (the single writer), in the caller's transaction. */
    public void fireTimers(Connection tx, List<RuleTimer> due) throws Exception {
        Instant now = clock.instant();
        ranInTransaction = true;
        RuleBatch ruleBatch = new RuleBatch(tx, engine, rules.get(), ruleStates);
        JdbcPersonRepository persons = new JdbcPersonRepository(tx);
        HeldOutbox heldOutbox = new HeldOutbox(tx);
        List<NewOutboxItem> items = new ArrayList<>();
        List<io.emarsysdest.core.rules.Trace> ruleSteps = ruleBatch.traces();
        for (RuleTimer timer : due) {
            long personId = Long.parseLong(timer.personId());
            PersonState p = persons.find(personId);
            ObjectNode traits = p == null ? null : p.traits();
            String key = p == null ? null : p.primaryKeyRaw();
            tracer.startEvent();
            int firstItem = items.size();
            int firstStep = ruleSteps.size();
            emit(ruleBatch.onTimer(context(personId, traits), timer, now), personId, key, NewOutboxItem.personKey(personId), heldOutbox, items, now);
            tracer.timer(timer, personId, key, items.subList(firstItem, items.size()), ruleSteps.subList(firstStep, ruleSteps.size()), now);
        }
        outbox.enqueue(tx, items, now);
        nextDue = ruleBatch.flush(now);
    }

    private void emit(List<RuleAction> actions, long personId, String key, String personKey, HeldOutbox heldOutbox,
                      List<NewOutboxItem> items, Instant now) throws Exception {
        for (RuleAction a : actions) {
            String target = a.externalEventId() != null ? Long.toString(a.externalEventId()) : "name:" + a.externalEventName();
            if (key == null) {
                HeldOutbox.Held h = new HeldOutbox.Held(personId, Operation.EVENT_TRIGGER, target, a.payload(), a.triggerId());
                heldOutbox.hold(h, now);
                tracer.held(h);
                held.increment();
            } else {
                items.add(NewOutboxItem.trigger(account, keyField(), key, target, a.payload(), a.triggerId(), personKey));
            }
        }
    }

    /**
     * The person's held items go out with its key. List changes pass the contact memory like mapped ones (an
     * entry the contact's first upsert already made is not sent twice), except for lists in {@code overridden}.
     */
    private void release(HeldOutbox heldOutbox, long personId, String key, String personKey, ContactMemoryBatch memories,
                         Set<String> overridden, List<NewOutboxItem> items) throws Exception {
        for (HeldOutbox.Held h : heldOutbox.release(personId)) {
            boolean listChange = h.op() == Operation.LIST_ADD || h.op() == Operation.LIST_REMOVE;
            if (listChange && overridden.contains(h.target())) continue;
            if (listChange && memories != null
                    && memories.filter(personKey, List.of(new ContactOperation(h.op(), keyField(), key, h.target(), null))).isEmpty()) {
                continue;
            }
            items.add(new NewOutboxItem(account, h.op(), keyField(), key, h.target(), h.payload(), h.idempotencyKey(), personKey));
            released.increment();
        }
    }

    /** The lists that the items from {@code from} on change. */
    private static Set<String> listTargets(List<NewOutboxItem> items, int from) {
        Set<String> out = new HashSet<>();
        for (int i = from; i < items.size(); i++) {
            NewOutboxItem it = items.get(i);
            if (it.op() == Operation.LIST_ADD || it.op() == Operation.LIST_REMOVE) out.add(it.target());
        }
        return out;
    }

    /**
     * The configured key field ({@code identity.keyField}) as the running data maps resolved it: the {@code key_id}
     * of every upsert, trigger, list change and rename, so they all address the same contact.
     */
    private String keyField() {
        return dataMaps.current().keyField();
    }

    private static PersonContext context(long personId, ObjectNode traits) {
        Set<String> audiences = new LinkedHashSet<>();
        if (traits != null) {
            // Engage audiences arrive as boolean traits named by their snake_cased key.
            for (Iterator<Map.Entry<String, JsonNode>> it = traits.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getValue().isBoolean() && e.getValue().booleanValue()) audiences.add(e.getKey());
            }
        }
        return new PersonContext(Long.toString(personId), traits, audiences);
    }

    /** Segment's integrations switch: {@code "Emarsys": false}, or {@code "All": false} without {@code "Emarsys": true}. */
    static boolean sendsToEmarsys(Event event) {
        JsonNode integrations = event.body().path("integrations");
        if (!integrations.isObject()) return true;
        JsonNode own = integrations.get("Emarsys");
        if (own != null && own.isBoolean()) return own.booleanValue();
        if (own != null && own.isObject()) return true;
        JsonNode all = integrations.get("All");
        return all == null || !all.isBoolean() || all.booleanValue();
    }

    private static Event asIdentifyWithTraits(Event event, ObjectNode traits) {
        if (traits == null) return event;
        // A shallow copy: only two top-level fields differ, and nothing downstream changes an event's nodes (the
        // body is shared with the log's ring, the traits with the person's state, which changes by replacement).
        ObjectNode body = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        body.setAll(event.body());
        body.put("type", EventType.IDENTIFY.wireName());
        body.set("traits", traits);
        return new Event(event.offset(), event.messageId(), EventType.IDENTIFY, event.userId(), event.anonymousId(),
                event.timestamp(), event.originalTimestamp(), event.sentAt(), event.receivedAt(), body);
    }

    @Override
    public void afterCommit() {
        // Another writer task on the processor thread (a privacy deletion) may have changed rule states: drop them.
        if (ranInTransaction) ruleStates.afterCommit();
        else ruleStates.afterRollback();
        ranInTransaction = false;
        recordedContacts.afterCommit();
        users.afterCommit();
        tracer.committed();
        nextDue.ifPresent(timerWake);
        nextDue = Optional.empty();
    }

    @Override
    public void afterRollback() {
        ranInTransaction = false;
        ruleStates.afterRollback();
        recordedContacts.afterRollback();
        users.afterRollback();
        tracer.rolledBack();
        nextDue = Optional.empty();
    }
}
