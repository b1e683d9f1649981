package io.emarsysdest.server.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.store.datamap.ContactMemoryBatch;
import io.emarsysdest.store.datamap.JdbcContactMemoryStore;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.engine.RefusedKey;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.identity.DropReason;
import io.emarsysdest.core.identity.DroppedIdentifier;
import io.emarsysdest.core.identity.Merge;
import io.emarsysdest.core.identity.PersonState;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.core.processing.ContactMemories;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.core.processing.HeldChanges;
import io.emarsysdest.core.processing.HeldItem;
import io.emarsysdest.core.processing.HeldItems;
import io.emarsysdest.core.processing.OutboxPlanner;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.RuleAction;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.server.datamap.DataMapService;
import io.emarsysdest.server.debugger.EventTraceRecorder;
import io.emarsysdest.server.debugger.EventTraces;
import io.emarsysdest.store.identity.JdbcPersonRepository;
import io.emarsysdest.store.identity.JdbcPersonContactStore;
import io.emarsysdest.store.identity.UsersTable;
import io.emarsysdest.store.outbox.JdbcOutboxRepository;
import io.emarsysdest.store.processing.HeldOutbox;
import io.emarsysdest.store.processing.JdbcRefusedKeyStore;
import io.emarsysdest.store.rules.JdbcRuleStateStore;
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
 * What processing does with a batch, in the processor's one transaction on the state database. It loads and
 * writes; the decisions are the core's:
 * <ol>
 *   <li>the users table resolves and stitches each event's person;</li>
 *   <li>rules advance (merges first), giving the actions each event completed;</li>
 *   <li>the core's {@link OutboxPlanner} turns event, resolution, data-map result and rule actions into outbox items
 *       and held items (for persons not yet Emarsys contacts), reading the held items and contact memories loaded
 *       here;</li>
 *   <li>all of it is written in the same transaction, so it is delivered if and only if the batch commits.</li>
 * </ol>
 * Per-person order is kept by the outbox: items of one person share a person key, and delivery sends a contact's
 * upsert before its triggers and list changes.
 */
public final class ProcessingPipeline implements EventPipeline {
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
        RuleBatch ruleBatch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules.get(), ruleStates);
        HeldOutbox heldOutbox = new HeldOutbox(tx);
        ContactMemoryBatch memories = sendUnchanged ? null : new ContactMemoryBatch(new JdbcContactMemoryStore(tx));
        OutboxPlanner plan = planner(heldOutbox, memories == null ? ContactMemories.SEND_ALL : memories);
        List<RefusedKey> refusedKeys = new ArrayList<>(0);
        // Slice by slice: each event is resolved and then mapped while its fields are still in the CPU cache. The
        // users table's writes follow the last slice (nothing here reads them back before the commit).
        for (int from = 0; from < events.size(); from += UsersTable.SLICE) {
            List<Event> slice = events.subList(from, Math.min(events.size(), from + UsersTable.SLICE));
            List<Resolution> resolved = people.resolve(slice);
            collectRefusedKeys(slice, resolved, refusedKeys, now);
            apply(slice, resolved, ruleBatch, heldOutbox, memories, plan, now);
        }
        if (!refusedKeys.isEmpty()) new JdbcRefusedKeyStore(tx).record(refusedKeys);
        people.flush();
        if (memories != null) memories.flush();
        List<NewOutboxItem> items = plan.items();
        new JdbcPersonContactStore(tx).record(recordedContacts.unrecorded(items), now);
        outbox.enqueue(tx, items, now);
        count(plan.counts());
        nextDue = ruleBatch.flush(now);
    }

    /** Loads the slice's state, advances rules, and lets the planner decide what each event sends or holds. */
    private void apply(List<Event> events, List<Resolution> resolutions, RuleBatch ruleBatch, HeldOutbox heldOutbox,
                       ContactMemoryBatch memories, OutboxPlanner plan, Instant now) throws Exception {
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
        List<NewOutboxItem> items = plan.items();
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
            int unchangedBefore = plan.counts().unchanged();
            // Built only when rules need it: most events match no rule and most persons never merge.
            PersonContext person = r.merges().isEmpty() && !interested[i] ? null : context(r.personId(), r.traits());
            List<List<RuleAction>> onMerges = r.merges().isEmpty() ? List.of() : new ArrayList<>(r.merges().size());
            for (Merge m : r.merges()) onMerges.add(ruleBatch.onMerge(Long.toString(m.loser()), person, now));
            List<RuleAction> onEvent = interested[i] ? ruleBatch.onEvent(person, event, now) : List.of();
            HeldChanges changes = plan.event(event, r, onMerges, onEvent);
            if (!changes.isEmpty()) heldOutbox.apply(changes, now);
            for (HeldItem h : changes.holds()) tracer.held(h);
            tracer.unchanged(plan.counts().unchanged() - unchangedBefore);
            tracer.event(event, r, OutboxPlanner.sendsToEmarsys(event), items.subList(firstItem, items.size()),
                    ruleSteps.subList(firstStep, ruleSteps.size()), now);
        }
    }

    /** The planner of one transaction, with the running maps' key field and the account. */
    private OutboxPlanner planner(HeldItems held, ContactMemories memories) {
        return new OutboxPlanner(account, dataMaps.current().keyField(), (event, traits, key) -> {
            MapResult mr = dataMaps.evaluate(event, traits, key);
            tracer.warnings(mr.warnings());
            return mr;
        }, held, memories);
    }

    private void count(OutboxPlanner.Counts c) {
        if (c.held() > 0) this.held.increment(c.held());
        if (c.released() > 0) released.increment(c.released());
        if (c.unchanged() > 0) unchanged.increment(c.unchanged());
        if (c.notForEmarsys() > 0) suppressed.increment(c.notForEmarsys());
    }

    /** Primary key values the users table refused as no possible value of the key field: kept for operators. */
    private void collectRefusedKeys(List<Event> events, List<Resolution> resolutions, List<RefusedKey> out, Instant now) {
        for (int i = 0; i < events.size(); i++) {
            Resolution r = resolutions.get(i);
            for (DroppedIdentifier d : r.dropped()) {
                if (d.reason() != DropReason.INVALID_KEY) continue;
                Event e = events.get(i);
                out.add(new RefusedKey(0, now, e.offset(), e.messageId(), r.resolved() ? r.personId() : null,
                        d.raw(), d.detail()));
            }
        }
    }

    /**
     * Contact memories for the slice in one query: a new person's starts empty, and those of identifies (which the
     * default map turns into upserts) are read together; anything else is read when its first operation needs it.
     */
    private static void preloadMemories(List<Event> events, List<Resolution> resolutions, ContactMemoryBatch memories) {
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

    /** Fires due rule timers, on the processor thread (the single writer), in the caller's transaction. */
    public void fireTimers(Connection tx, List<RuleTimer> due) throws Exception {
        Instant now = clock.instant();
        ranInTransaction = true;
        RuleBatch ruleBatch = new RuleBatch(new JdbcRuleStateStore(tx), engine, rules.get(), ruleStates);
        JdbcPersonRepository persons = new JdbcPersonRepository(tx);
        HeldOutbox heldOutbox = new HeldOutbox(tx);
        OutboxPlanner plan = planner(heldOutbox, ContactMemories.SEND_ALL);
        List<io.emarsysdest.core.rules.Trace> ruleSteps = ruleBatch.traces();
        List<NewOutboxItem> items = plan.items();
        for (RuleTimer timer : due) {
            long personId = Long.parseLong(timer.personId());
            PersonState p = persons.find(personId);
            ObjectNode traits = p == null ? null : p.traits();
            String key = p == null ? null : p.primaryKeyRaw();
            tracer.startEvent();
            int firstItem = items.size();
            int firstStep = ruleSteps.size();
            HeldChanges changes = plan.timer(personId, key, ruleBatch.onTimer(context(personId, traits), timer, now));
            if (!changes.isEmpty()) heldOutbox.apply(changes, now);
            for (HeldItem h : changes.holds()) tracer.held(h);
            tracer.timer(timer, personId, key, items.subList(firstItem, items.size()), ruleSteps.subList(firstStep, ruleSteps.size()), now);
        }
        outbox.enqueue(tx, plan.items(), now);
        count(plan.counts());
        nextDue = ruleBatch.flush(now);
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
