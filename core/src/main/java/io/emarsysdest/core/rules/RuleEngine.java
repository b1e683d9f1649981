package io.emarsysdest.core.rules;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.event.JsonPath;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * The rule state machine: {@code step(rules, state, person, event | timer, now) → (state', timers, actions)}.
 * Pure: no I/O, no clock; {@code now} is the wall clock of the step. Each call touches only the person's own state
 * (no scan of event history). See docs/rules.md for the semantics.
 *
 * <p>Per event: find live instances of rules listening to the event's (type, name); for each, an exit event ends it,
 * otherwise the current step is tested (an {@code event} step advances, a {@code count} step counts distinct
 * messageIds, an {@code absence} step is cancelled). Then active rules whose entry matches may start an instance,
 * subject to the age limit, person conditions, re-entry policy and limits. A step event earlier than the instance's
 * last progress is out of order and does not count; one later than the step's deadline does not count either.
 * One event advances an instance by at most one step.
 *
 * <p>Per timer: an absence step completes, a count step with a max completes when min ≤ count ≤ max, anything else
 * expires. A timer whose deadline no longer matches its instance is stale and changes nothing.
 */
public final class RuleEngine {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final DateTimeFormatter EMARSYS_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private final RuleLimits limits;
    private final boolean explain;

    /**
     * @param explain whether traces carry a human explanation; without it they carry only their kind (for metrics),
     *                which keeps the hot path free of string building
     */
    public RuleEngine(RuleLimits limits, boolean explain) {
        this.limits = Objects.requireNonNull(limits, "limits");
        this.explain = explain;
    }

    /** An engine whose traces explain themselves (dry runs, tests). */
    public RuleEngine(RuleLimits limits) {
        this(limits, true);
    }

    public RuleEngine() {
        this(RuleLimits.DEFAULT, true);
    }

    public RuleLimits limits() {
        return limits;
    }

    public StepResult step(RuleSet rules, PersonRuleState state, PersonContext person, RuleInput input, Instant now) {
        return switch (input) {
            case RuleInput.EventInput e -> onEvent(rules, state, person, e.event(), now);
            case RuleInput.TimerInput t -> onTimer(rules, state, person, t.timer(), now);
        };
    }

    /** Applies one event of the person. */
    public StepResult onEvent(RuleSet rules, PersonRuleState state, PersonContext person, Event event, Instant now) {
        EventType type = event.type();
        String name = event.name();
        if (!rules.interested(type, name)) return StepResult.unchanged(state);
        Work w = new Work(rules, state, person, now);
        List<String> consumedBy = null; // rule ids whose live instance took the event (for late detection)

        for (int i = 0; i < w.instances.size(); i++) {
            RuleInstance inst = w.instances.get(i);
            CompiledRule r = rules.version(inst.ruleId(), inst.version());
            if (r == null) {
                w.remove(i--, Trace.Kind.DROPPED, () -> "rule version is no longer active");
                continue;
            }
            if (!r.interested(type, name)) continue;
            String evKey = r.correlationValue(event);
            if (evKey != null && !evKey.equals(inst.key())) continue; // another correlation value's event
            Instant t = event.timestamp();
            if (!r.def.exitWhen().isEmpty() && r.exits(event, inst)) {
                if (t.isBefore(inst.enteredAt())) {
                    w.trace(inst, Trace.Kind.OUT_OF_ORDER, () -> "exit event " + event.messageId() + " is older than the entry");
                } else {
                    w.end(i--, inst, Trace.Kind.EXITED, () -> "exit event " + event.messageId());
                    continue;
                }
            }
            StepDef s = r.def.steps().get(inst.stepIndex());
            if (event.messageId().equals(inst.entryMessageId()) || !s.event().matches(event, inst.captured())) continue;
            if (t.isBefore(inst.lastProgressAt())) {
                w.trace(inst, Trace.Kind.OUT_OF_ORDER, () -> event.messageId() + " at " + t + " is earlier than the last progress " + inst.lastProgressAt());
                continue;
            }
            if (t.isAfter(inst.deadline())) {
                w.trace(inst, Trace.Kind.OUTSIDE_WINDOW, () -> event.messageId() + " at " + t + " is after the deadline " + inst.deadline());
                continue;
            }
            if (consumedBy == null) consumedBy = new ArrayList<>(2);
            consumedBy.add(inst.ruleId());
            switch (s.kind()) {
                case EVENT -> {
                    if (w.advance(i, r, inst, t, event)) i--;
                }
                case ABSENCE -> w.end(i--, inst, Trace.Kind.CANCELLED_BY_EVENT, () -> "step " + s.id() + " saw " + event.messageId());
                case COUNT -> {
                    if (contains(inst.counted(), event.messageId())) continue;
                    List<Counted> counted = new ArrayList<>(inst.counted());
                    counted.add(new Counted(event.messageId(), t));
                    if (s.max() != null && counted.size() > s.max()) {
                        w.end(i--, inst, Trace.Kind.EXPIRED, () -> "step " + s.id() + " counted more than " + s.max());
                    } else if (s.max() == null && counted.size() >= s.min()) {
                        RuleInstance counting = inst.withProgress(inst.stepIndex(), inst.stepTimes(), inst.deadline(), inst.dueAt(), counted, inst.captured());
                        if (w.advance(i, r, counting, t, event)) i--;
                    } else {
                        ObjectNode captured = w.capture(inst.captured(), r.stepCaptures.get(inst.stepIndex()), event);
                        RuleInstance next = inst.withProgress(inst.stepIndex(), inst.stepTimes(), inst.deadline(), inst.dueAt(), counted, captured);
                        w.edit().set(i, next);
                        w.changed = true;
                        w.trace(next, Trace.Kind.COUNTED, () -> "step " + s.id() + " counted " + counted.size() + (s.max() == null ? " of " + s.min() : " (min " + s.min() + ", max " + s.max() + ")"));
                    }
                }
            }
        }

        w.detectLate(event, type, name, consumedBy);

        for (CompiledRule r : rules.entryByName(type, name)) {
            if (r.def.entry().matches(event)) w.tryEnter(r, event);
        }
        for (CompiledRule r : rules.entryAnyName(type)) {
            if (r.def.entry().matches(event)) w.tryEnter(r, event);
        }
        return w.result(state);
    }

    /** Applies one fired timer of the person. */
    public StepResult onTimer(RuleSet rules, PersonRuleState state, PersonContext person, RuleTimer timer, Instant now) {
        Work w = new Work(rules, state, person, now);
        int i = w.indexOf(timer.ruleId(), timer.instanceId());
        if (i < 0 || w.instances.get(i).deadline().toEpochMilli() != timer.deadline().toEpochMilli()) {
            w.traces.add(new Trace(now, timer.ruleId(), timer.version(), timer.instanceId(), Trace.Kind.STALE_TIMER,
                    "timer for deadline " + timer.deadline() + " no longer matches its instance"));
            return w.result(state);
        }
        RuleInstance inst = w.instances.get(i);
        CompiledRule r = rules.version(inst.ruleId(), inst.version());
        if (r == null) {
            w.remove(i, Trace.Kind.DROPPED, () -> "rule version is no longer active");
            return w.result(state);
        }
        w.markLate(inst.ruleId(), inst.key(), inst.deadline());
        StepDef s = r.def.steps().get(inst.stepIndex());
        boolean countOk = s.kind() == StepKind.COUNT && inst.counted().size() >= s.min()
                && (s.max() == null || inst.counted().size() <= s.max());
        if (s.kind() == StepKind.ABSENCE || countOk) {
            w.advance(i, r, inst, inst.deadline(), null);
        } else {
            w.end(i, inst, Trace.Kind.EXPIRED, () -> "step " + s.id() + " window closed at " + inst.deadline()
                    + (s.kind() == StepKind.COUNT ? " with " + inst.counted().size() + " counted" : ""));
        }
        return w.result(state);
    }

    /**
     * Combines the rule state of two persons merged into {@code winner.personId()}. Instances with the same
     * (rule, version, correlation value) are combined: the further-along one wins, then the earlier entry; at the same
     * count step their counted events are united (de-duplicated by messageId), which may complete the step. Re-entry
     * memories are united (counts summed, latest fire kept, so once and cooldowns hold). The result's timers re-point
     * everything to the winner: the loser's timers are all cancelled.
     */
    public StepResult merge(RuleSet rules, PersonRuleState winner, PersonRuleState loser, PersonContext winnerPerson, Instant now) {
        if (!winnerPerson.personId().equals(winner.personId())) throw new IllegalArgumentException("winnerPerson is not the winner");
        Work w = new Work(rules, winner, winnerPerson, now);
        w.changed = true;
        for (RuleMemory m : loser.memories()) {
            RuleMemory mine = w.memory(m.ruleId(), m.key());
            w.putMemory(mine == null ? m : new RuleMemory(m.ruleId(), m.key(), max(mine.lastEnteredAt(), m.lastEnteredAt()),
                    max(mine.lastFiredAt(), m.lastFiredAt()), mine.entries() + m.entries(), mine.fires() + m.fires(),
                    max(mine.lateBefore(), m.lateBefore())));
        }
        for (RuleInstance theirs : loser.instances()) {
            CompiledRule r = rules.version(theirs.ruleId(), theirs.version());
            if (r == null) {
                w.trace(theirs, Trace.Kind.DROPPED, () -> "rule version is no longer active");
                continue;
            }
            int same = w.indexOf(theirs.ruleId(), theirs.instanceId());
            if (same < 0 && r.def.reentry().mode() != ReentryMode.ALWAYS) {
                for (int j = 0; j < w.instances.size(); j++) {
                    RuleInstance c = w.instances.get(j);
                    if (c.ruleId().equals(theirs.ruleId()) && c.version() == theirs.version() && c.key().equals(theirs.key())) same = j;
                }
            }
            if (same < 0) {
                w.edit().add(theirs);
                w.trace(theirs, Trace.Kind.MERGED, () -> "moved from person " + loser.personId());
                continue;
            }
            RuleInstance mine = w.instances.get(same);
            RuleInstance best = furtherAlong(mine, theirs) ? mine : theirs;
            RuleInstance other = best == mine ? theirs : mine;
            StepDef s = r.def.steps().get(best.stepIndex());
            if (s.kind() == StepKind.COUNT && other.stepIndex() == best.stepIndex()) {
                List<Counted> union = new ArrayList<>(best.counted());
                for (Counted c : other.counted()) if (!contains(union, c.messageId()) && !c.at().isAfter(best.deadline())) union.add(c);
                union.sort((a, b) -> a.at().compareTo(b.at()));
                best = best.withProgress(best.stepIndex(), best.stepTimes(), best.deadline(), best.dueAt(), union, best.captured());
                w.edit().set(same, best);
                w.trace(best, Trace.Kind.MERGED, () -> "combined with " + other.instanceId() + ": " + union.size() + " counted");
                if (s.max() != null && union.size() > s.max()) {
                    w.end(same, best, Trace.Kind.EXPIRED, () -> "step " + s.id() + " counted more than " + s.max() + " after the merge");
                } else if (s.max() == null && union.size() >= s.min()) {
                    w.advance(same, r, best, union.get(s.min() - 1).at(), null);
                }
            } else {
                w.edit().set(same, best);
                w.trace(best, Trace.Kind.MERGED, () -> "kept over " + other.instanceId() + " (further along or entered earlier)");
            }
        }
        // the per-person limit: keep the instances furthest along
        if (w.instances.size() > limits.maxLiveInstancesPerPerson()) {
            w.edit().sort(FURTHEST_FIRST);
            while (w.instances.size() > limits.maxLiveInstancesPerPerson()) {
                w.remove(w.instances.size() - 1, Trace.Kind.DROPPED, () -> "over the per-person instance limit after a merge");
            }
        }
        StepResult r = w.result(winner);
        List<TimerKey> cancels = new ArrayList<>(r.timersToCancel());
        for (RuleTimer t : loser.timers()) cancels.add(t.key());
        return new StepResult(r.state(), true, r.timersToSet(), cancels, r.actions(), r.trace());
    }

    /** Further along first (later step, then more counted events), then the earlier entry, then the instance id. */
    static final Comparator<RuleInstance> FURTHEST_FIRST = Comparator
            .comparingInt(RuleInstance::stepIndex).reversed()
            .thenComparing(Comparator.comparingInt((RuleInstance i) -> i.counted().size()).reversed())
            .thenComparing(RuleInstance::enteredAt)
            .thenComparing(RuleInstance::instanceId);

    static boolean furtherAlong(RuleInstance a, RuleInstance b) {
        return FURTHEST_FIRST.compare(a, b) <= 0;
    }

    private static boolean contains(List<Counted> counted, String messageId) {
        for (Counted c : counted) if (c.messageId().equals(messageId)) return true;
        return false;
    }

    private static Instant max(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isAfter(b) ? a : b;
    }

    static String triggerId(String ruleId, int version, String key, String entryMessageId) {
        String id = ruleId + ":" + version + ":" + (key.isEmpty() ? "-" : key) + ":" + entryMessageId;
        if (id.length() <= 128) return id;
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
            return ruleId + ":" + version + ":h" + HexFormat.of().formatHex(h, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The mutable working copy of one step. */
    private final class Work {
        final RuleSet rules;
        final PersonContext person;
        final String personId;
        final Instant now;
        /** The live instances: the state's own (immutable) list until the first change, then a private copy. */
        List<RuleInstance> instances;
        private boolean instancesCopied;
        List<RuleMemory> memories;
        boolean memoriesCopied;
        final List<RuleAction> actions = new ArrayList<>(1);
        final List<Trace> traces = new ArrayList<>(2);
        boolean changed;

        Work(RuleSet rules, PersonRuleState state, PersonContext person, Instant now) {
            this.rules = rules;
            this.person = person;
            this.personId = state.personId();
            this.now = now;
            this.instances = state.instances();
            this.memories = state.memories();
        }

        List<RuleInstance> edit() {
            if (!instancesCopied) {
                instances = new ArrayList<>(instances);
                instancesCopied = true;
            }
            return instances;
        }

        void trace(RuleInstance inst, Trace.Kind kind, Supplier<String> detail) {
            traces.add(new Trace(now, inst.ruleId(), inst.version(), inst.instanceId(), kind, explain ? detail.get() : ""));
        }

        int indexOf(String ruleId, String instanceId) {
            for (int i = 0; i < instances.size(); i++) {
                RuleInstance c = instances.get(i);
                if (c.instanceId().equals(instanceId) && c.ruleId().equals(ruleId)) return i;
            }
            return -1;
        }

        void remove(int i, Trace.Kind kind, Supplier<String> detail) {
            trace(edit().remove(i), kind, detail);
            changed = true;
        }

        /** Ends an instance (exit, expiry, cancelled absence): re-entry after exit becomes possible. */
        void end(int i, RuleInstance inst, Trace.Kind kind, Supplier<String> detail) {
            remove(i, kind, detail);
        }

        RuleMemory memory(String ruleId, String key) {
            for (RuleMemory m : memories) if (m.same(ruleId, key)) return m;
            return null;
        }

        void putMemory(RuleMemory m) {
            if (!memoriesCopied) {
                memories = new ArrayList<>(memories);
                memoriesCopied = true;
            }
            List<RuleMemory> next = memories;
            boolean replaced = false;
            for (int j = 0; j < next.size() && !replaced; j++) {
                if (next.get(j).same(m.ruleId(), m.key())) {
                    next.set(j, m);
                    replaced = true;
                }
            }
            if (!replaced) next.add(m);
            if (next.size() > limits.maxMemoriesPerPerson()) {
                // forget the least recently entered memory without a live instance
                next.sort((a, b) -> a.lastEnteredAt().compareTo(b.lastEnteredAt()));
                for (int j = 0; j < next.size() && next.size() > limits.maxMemoriesPerPerson(); j++) {
                    RuleMemory o = next.get(j);
                    if (o != m && !hasLive(o.ruleId(), o.key())) next.remove(j--);
                }
            }
            memories = next;
            changed = true;
        }

        boolean hasLive(String ruleId, String key) {
            for (RuleInstance c : instances) if (c.ruleId().equals(ruleId) && c.key().equals(key)) return true;
            return false;
        }

        void markLate(String ruleId, String key, Instant deadline) {
            RuleMemory m = memory(ruleId, key);
            if (m == null) m = new RuleMemory(ruleId, key, now, null, 0, 0, null);
            if (m.lateBefore() == null || m.lateBefore().isBefore(deadline)) {
                putMemory(new RuleMemory(ruleId, key, m.lastEnteredAt(), m.lastFiredAt(), m.entries(), m.fires(), deadline));
            }
        }

        /** A step event whose time is before a deadline that already fired, not taken by a live instance. */
        void detectLate(Event event, EventType type, String name, List<String> consumedBy) {
            for (RuleMemory m : memories) {
                if (m.lateBefore() == null || event.timestamp().isAfter(m.lateBefore())) continue;
                if (consumedBy != null && consumedBy.contains(m.ruleId())) continue;
                CompiledRule r = rules.activeVersion(m.ruleId());
                if (r == null || !r.interested(type, name)) continue;
                String evKey = r.correlationValue(event);
                if (evKey != null && !evKey.equals(m.key())) continue;
                for (StepDef s : r.def.steps()) {
                    if (s.event().matches(event)) {
                        traces.add(new Trace(now, m.ruleId(), r.def.version(), null, Trace.Kind.LATE, !explain ? "" : event.messageId() + " at "
                                + event.timestamp() + " arrived after the deadline " + m.lateBefore() + " had fired"));
                        break;
                    }
                }
            }
        }

        void tryEnter(CompiledRule r, Event event) {
            RuleDefinition d = r.def;
            if (event.timestamp().isBefore(now.minus(d.time().ignoreEventsOlderThan()))) {
                notEntered(d, event, () -> "event time " + event.timestamp() + " is older than " + d.time().ignoreEventsOlderThan() + ": old events never start a rule");
                return;
            }
            String key = d.correlateBy() == null ? "" : d.correlateBy().readText(event.body());
            if (d.correlateBy() != null) {
                if (key == null) {
                    notEntered(d, event, () -> "no correlation value at " + d.correlateBy());
                    return;
                }
            }
            if (!d.person().test(person)) {
                notEntered(d, event, () -> "person conditions do not hold");
                return;
            }
            RuleMemory m = memory(d.id(), key);
            Reentry re = d.reentry();
            if (re.mode() == ReentryMode.ONCE && m != null && m.entries() > 0) {
                notEntered(d, event, () -> "re-entry 'once': already entered");
                return;
            }
            if (re.mode() == ReentryMode.AFTER_EXIT && hasLive(d.id(), key)) {
                notEntered(d, event, () -> "re-entry 'afterExit': an instance for this key is still live");
                return;
            }
            if (inCooldown(re, m)) {
                notEntered(d, event, () -> "cooldown " + re.cooldown() + " after the fire at " + m.lastFiredAt());
                return;
            }
            int live = 0;
            for (RuleInstance c : instances) if (c.ruleId().equals(d.id())) live++;
            if (live >= re.maxActive()) {
                notEntered(d, event, () -> "maxActive " + re.maxActive() + " instances already live");
                return;
            }
            if (instances.size() >= limits.maxLiveInstancesPerPerson()) {
                notEntered(d, event, () -> "the person already has " + instances.size() + " live instances (limit)");
                return;
            }
            if (indexOf(d.id(), event.messageId()) >= 0) return; // the same event again
            ObjectNode captured = capture(null, r.entryCaptures, event);
            RuleInstance inst = new RuleInstance(d.id(), d.version(), event.messageId(), key, event.messageId(),
                    event.timestamp(), 0, List.of(), null, null, List.of(), captured);
            putMemory(new RuleMemory(d.id(), key, now, m == null ? null : m.lastFiredAt(), m == null ? 1 : m.entries() + 1,
                    m == null ? 0 : m.fires(), m == null ? null : m.lateBefore()));
            trace(inst, Trace.Kind.ENTERED, () -> "entered on " + event.messageId() + (key.isEmpty() ? "" : " for key " + key));
            if (d.steps().isEmpty()) {
                fire(r, inst, event.timestamp());
                return;
            }
            edit().add(withDeadline(r, inst, 0, List.of(), captured));
            changed = true;
        }

        private boolean inCooldown(Reentry re, RuleMemory m) {
            return m != null && m.lastFiredAt() != null && !re.cooldown().isZero()
                    && now.isBefore(m.lastFiredAt().plus(re.cooldown()));
        }

        private void notEntered(RuleDefinition d, Event event, Supplier<String> why) {
            traces.add(new Trace(now, d.id(), d.version(), null, Trace.Kind.NOT_ENTERED, explain ? event.messageId() + ": " + why.get() : ""));
        }

        private RuleInstance withDeadline(CompiledRule r, RuleInstance inst, int stepIndex, List<Instant> times, ObjectNode captured) {
            StepDef s = r.def.steps().get(stepIndex);
            Instant anchor = switch (s.within().anchor()) {
                case ENTRY -> inst.enteredAt();
                case PREVIOUS -> stepIndex == 0 ? inst.enteredAt() : times.get(stepIndex - 1);
                case STEP -> times.get(r.def.stepIndex(s.within().stepRef()));
            };
            // millisecond precision: what storage keeps, so a reloaded state matches its timers
            Instant deadline = anchor.plus(s.within().duration()).truncatedTo(ChronoUnit.MILLIS);
            return inst.withProgress(stepIndex, times, deadline, deadline.plus(r.def.time().grace()), List.of(), captured);
        }

        /** Completes the instance's current step at {@code at}; returns true when the instance left the list (fired). */
        boolean advance(int i, CompiledRule r, RuleInstance inst, Instant at, Event event) {
            List<Instant> times = new ArrayList<>(inst.stepTimes());
            times.add(at);
            ObjectNode captured = event == null ? inst.captured() : capture(inst.captured(), r.stepCaptures.get(inst.stepIndex()), event);
            int next = inst.stepIndex() + 1;
            changed = true;
            if (next == r.def.steps().size()) {
                edit().remove(i);
                fire(r, inst.withProgress(next, times, inst.deadline(), null, inst.counted(), captured), at);
                return true;
            }
            RuleInstance moved = withDeadline(r, inst, next, times, captured);
            edit().set(i, moved);
            trace(moved, Trace.Kind.ADVANCED, () -> "completed step " + r.def.steps().get(next - 1).id() + " at " + at
                    + "; waiting for " + r.def.steps().get(next).id() + " until " + moved.deadline());
            return false;
        }

        void fire(CompiledRule r, RuleInstance inst, Instant eventTime) {
            RuleDefinition d = r.def;
            RuleMemory m = memory(d.id(), inst.key());
            changed = true;
            if (inCooldown(d.reentry(), m)) {
                trace(inst, Trace.Kind.SUPPRESSED, () -> "completed inside the cooldown after the fire at " + m.lastFiredAt());
                return;
            }
            JsonNode data = d.action().data().render(ref -> resolve(r, inst, ref));
            String triggerId = triggerId(d.id(), d.version(), inst.key(), inst.entryMessageId());
            ObjectNode payload = F.objectNode();
            payload.set("data", data);
            payload.put("event_time", EMARSYS_TIME.format(eventTime));
            payload.put("trigger_id", triggerId);
            actions.add(new RuleAction(personId, d.id(), d.version(), inst.instanceId(), d.action().externalEventId(),
                    d.action().externalEventName(), payload, triggerId, eventTime, now));
            putMemory(m == null
                    ? new RuleMemory(d.id(), inst.key(), now, now, 1, 1, null)
                    : new RuleMemory(d.id(), inst.key(), m.lastEnteredAt(), now, m.entries(), m.fires() + 1, m.lateBefore()));
            trace(inst, Trace.Kind.FIRED, () -> "trigger " + (d.action().externalEventId() != null ? "event " + d.action().externalEventId()
                    : "'" + d.action().externalEventName() + "'") + " trigger_id " + triggerId);
        }

        private JsonNode resolve(CompiledRule r, RuleInstance inst, String ref) {
            if (ref.startsWith("entry.") || ref.startsWith("steps.")) {
                return inst.captured() == null ? MissingNode.getInstance() : inst.captured().path(ref);
            }
            JsonPath traitPath = r.traitPaths.get(ref);
            if (traitPath != null) return traitPath.read(person.traits());
            return switch (ref) {
                case "person.id" -> TextNode.valueOf(personId);
                case "instance.key" -> TextNode.valueOf(inst.key());
                case "instance.id" -> TextNode.valueOf(inst.instanceId());
                case "rule.id" -> TextNode.valueOf(r.def.id());
                case "rule.version" -> IntNode.valueOf(r.def.version());
                default -> MissingNode.getInstance();
            };
        }

        /** Copies the referenced fields of the event into the captured context, within the size budget. */
        ObjectNode capture(ObjectNode base, List<CompiledRule.Capture> captures, Event event) {
            if (captures.isEmpty()) return base;
            ObjectNode out = base == null ? F.objectNode() : base.deepCopy();
            int used = 0;
            for (JsonNode v : out) used += size(v);
            for (CompiledRule.Capture c : captures) {
                JsonNode v = c.path().read(event.body());
                if (v.isMissingNode()) continue;
                int sz = size(v) + c.key().length();
                if (used + sz > limits.maxCapturedBytes()) continue; // bounded context: oversized values are not kept
                out.set(c.key(), v.deepCopy());
                used += sz;
            }
            return out.isEmpty() ? null : out;
        }

        private static int size(JsonNode v) {
            return v.isTextual() ? v.textValue().length() + 2 : v.isValueNode() ? 8 : v.toString().length();
        }

        StepResult result(PersonRuleState before) {
            if (!changed) {
                return new StepResult(before, false, List.of(), List.of(), actions, traces);
            }
            PersonRuleState after = new PersonRuleState(personId, instances, memories);
            List<RuleTimer> set = new ArrayList<>(1);
            List<TimerKey> cancel = new ArrayList<>(1);
            for (RuleInstance n : after.instances()) {
                if (n.dueAt() == null || containsSame(before.instances(), n)) continue;
                RuleInstance o = find(before.instances(), n);
                if (o == null || !n.dueAt().equals(o.dueAt()) || !n.deadline().equals(o.deadline())) {
                    set.add(new RuleTimer(personId, n.ruleId(), n.instanceId(), n.version(), n.deadline(), n.dueAt()));
                }
            }
            for (RuleInstance o : before.instances()) {
                if (o.dueAt() != null && !containsSame(after.instances(), o) && find(after.instances(), o) == null) cancel.add(new TimerKey(before.personId(), o.ruleId(), o.instanceId()));
            }
            return new StepResult(after, true, set, cancel, actions, traces);
        }

        /** Most instances pass through a step untouched: the very same object means nothing changed. */
        private static boolean containsSame(List<RuleInstance> list, RuleInstance x) {
            for (RuleInstance c : list) if (c == x) return true;
            return false;
        }

        private static RuleInstance find(List<RuleInstance> list, RuleInstance like) {
            for (RuleInstance c : list) {
                if (c.instanceId().equals(like.instanceId()) && c.ruleId().equals(like.ruleId())) return c;
            }
            return null;
        }
    }
}
