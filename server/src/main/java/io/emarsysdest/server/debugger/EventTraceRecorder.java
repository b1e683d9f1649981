package io.emarsysdest.server.debugger;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.core.rules.RuleTimer;
import io.emarsysdest.core.rules.Trace;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.processing.HeldItem;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds the {@link EventTrace}s of a batch on the processor thread and hands them to the store only when the batch
 * commits (a rolled-back batch is processed again, and traced then). Per event it costs one small object and a copy
 * of the few items the event produced; nothing is written anywhere. Used by one thread.
 */
public final class EventTraceRecorder {
    private final EventTraces store;
    private final List<EventTrace> pending = new ArrayList<>();
    // what the current event did that the pipeline reports piece by piece
    private final List<HeldItem> held = new ArrayList<>();
    private final List<Problem> warnings = new ArrayList<>();
    private int unchanged;

    public EventTraceRecorder(EventTraces store) {
        this.store = store;
    }

    public EventTraces store() {
        return store;
    }

    public void startEvent() {
        if (!held.isEmpty()) held.clear();
        if (!warnings.isEmpty()) warnings.clear();
        unchanged = 0;
    }

    public void held(HeldItem item) {
        held.add(item);
    }

    public void warnings(List<Problem> list) {
        if (!list.isEmpty()) warnings.addAll(list);
    }

    public void unchanged(int n) {
        unchanged += n;
    }

    /** The current event is done: {@code items} and {@code rules} are what it added. */
    public void event(Event e, Resolution r, boolean forEmarsys, List<NewOutboxItem> items, List<Trace> rules, Instant now) {
        pending.add(new EventTrace(e.offset(), e.messageId(), e.type(), e.name(), e.userId(), e.anonymousId(),
                e.timestamp(), e.receivedAt(), now, r.personId(), r.isNew(), r.becameContact(), r.primaryKeyRaw(),
                r.previousPrimaryKeyRaw(), forEmarsys, r.merges(), r.dropped(), copy(items), copy(held), unchanged,
                copy(warnings), copy(rules)));
    }

    /** A rule timer fired for a person (an absence step completed or an instance expired). */
    public void timer(RuleTimer t, long personId, String primaryKey, List<NewOutboxItem> items, List<Trace> rules, Instant now) {
        pending.add(new EventTrace(0, t.instanceId(), null, t.ruleId(), null, null, t.deadline(), t.dueAt(), now, personId,
                false, false, primaryKey, null, true, List.of(), List.of(), copy(items), copy(held), 0, List.of(), copy(rules)));
    }

    public void committed() {
        if (pending.isEmpty()) return;
        store.addAll(pending);
        pending.clear();
    }

    public void rolledBack() {
        pending.clear();
    }

    private static <T> List<T> copy(List<T> list) {
        return list.isEmpty() ? List.of() : List.copyOf(list);
    }
}
