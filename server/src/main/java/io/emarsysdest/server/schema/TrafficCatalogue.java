package io.emarsysdest.server.schema;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.event.Event;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What real traffic contains, for the console's pickers: the event types and names seen recently, and per event the
 * paths of its body (traits, properties, context, …) with how often each was there, the JSON kinds and a few short
 * example values. Bounded in every direction ({@link Limits}): the least recently seen event names make room for
 * new ones, paths beyond the cap are not added, examples are few and short. Kept in memory only (a restart starts
 * empty), so it holds no more personal data than a short-lived cache.
 *
 * <p>Cheap on the processing thread: only a sample of each event name's bodies is walked ({@link Limits#walkAll}
 * first ones, then one in {@link Limits#walkEvery}), so path counts are "seen in n of the sampled events"; and when
 * the processor is busy (large batches) one event in {@link #BUSY_STEP} is looked at, so event counts are estimates
 * then (exact while traffic is light). One writer (the processor) and readers from HTTP: the methods are synchronized.
 */
public final class TrafficCatalogue {
    /**
     * @param maxEvents       distinct (type, name) pairs kept
     * @param maxPaths        paths kept per event name
     * @param maxExamples     distinct example values kept per path
     * @param maxExampleChars longer example texts are cut
     * @param maxDepth        nesting levels walked
     * @param walkAll         bodies walked in full per event name before sampling starts
     * @param walkEvery       after that, one body in this many is walked
     */
    public record Limits(int maxEvents, int maxPaths, int maxExamples, int maxExampleChars, int maxDepth, int walkAll, int walkEvery) {
        public static final Limits DEFAULT = new Limits(200, 300, 3, 60, 6, 200, 16);
    }

    /** One path of an event's body; {@code kinds} as JSON type names. */
    public record PathInfo(String path, long seen, long sampled, List<String> kinds, List<String> examples) {
    }

    /** One event type and name (null for types without names, or a track without a name). */
    public record EventInfo(String type, String name, long count, long sampled, Instant firstSeen, Instant lastSeen, int paths) {
    }

    private static final String[] KINDS = {"string", "number", "boolean", "object", "array", "null"};

    private final Limits limits;
    private final LinkedHashMap<Key, Seen> events; // access order: the eldest is the least recently seen
    private long evicted;

    public TrafficCatalogue(Limits limits) {
        this.limits = limits;
        this.events = new LinkedHashMap<>(64, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Seen> eldest) {
                boolean full = size() > TrafficCatalogue.this.limits.maxEvents();
                if (full) evicted++;
                return full;
            }
        };
    }

    public Limits limits() {
        return limits;
    }

    public TrafficCatalogue() {
        this(Limits.DEFAULT);
    }

    private record Key(String type, String name) {
    }

    private static final class Seen {
        final Node root = new Node();
        long count;   // events counted (estimated in busy batches)
        long looked;  // events looked at
        long sampled; // bodies walked
        int paths;
        Instant firstSeen;
        Instant lastSeen;
    }

    private static final class Node {
        Map<String, Node> children; // null for a leaf so far
        long seen;
        int kinds; // bit per KINDS index
        List<String> examples;
    }

    /**
     * Counts the events and walks a sample of their bodies. A batch of more than {@link #SMALL_BATCH} events (the
     * processor is busy) is looked at one event in {@link #BUSY_STEP}, each counting for that many: reading every
     * event again after its batch, when it is no longer in the CPU cache, cost about 5 % of the processing time.
     */
    public synchronized void record(List<Event> batch) {
        int step = batch.size() > SMALL_BATCH ? BUSY_STEP : 1;
        for (int i = 0; i < batch.size(); i += step) record(batch.get(i), step);
    }

    /** Batches up to this size are counted exactly. */
    public static final int SMALL_BATCH = 64;
    /** In larger batches, one event in this many is looked at. */
    public static final int BUSY_STEP = 8;

    public synchronized void record(Event e) {
        record(e, 1);
    }

    private void record(Event e, int weight) {
        Key key = new Key(e.type().wireName(), e.name());
        Seen entry = events.get(key);
        if (entry == null) {
            entry = new Seen();
            entry.firstSeen = e.receivedAt();
            events.put(key, entry);
        }
        entry.count += weight;
        entry.looked++;
        entry.lastSeen = e.receivedAt();
        if (entry.looked <= limits.walkAll() || entry.looked % limits.walkEvery() == 0) {
            entry.sampled++;
            walk(entry, entry.root, e.body(), 0);
        }
    }

    private void walk(Seen entry, Node node, JsonNode object, int depth) {
        if (depth >= limits.maxDepth()) return;
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            JsonNode value = f.getValue();
            if (node.children == null) node.children = new LinkedHashMap<>();
            Node child = node.children.get(f.getKey());
            if (child == null) {
                if (entry.paths >= limits.maxPaths()) continue; // full: known paths are still counted
                child = new Node();
                node.children.put(f.getKey(), child);
                entry.paths++;
            }
            child.seen++;
            child.kinds |= 1 << kind(value);
            if (value.isObject()) {
                walk(entry, child, value, depth + 1);
            } else if (value.isArray()) {
                // an array's elements are read as items[0]: the first element stands for them all
                if (!value.isEmpty() && value.get(0).isObject()) {
                    if (child.children == null) child.children = new LinkedHashMap<>();
                    Node first = child.children.get("[0]");
                    if (first == null && entry.paths < limits.maxPaths()) {
                        first = new Node();
                        child.children.put("[0]", first);
                        entry.paths++;
                    }
                    if (first != null) {
                        first.seen++;
                        first.kinds |= 1 << kind(value.get(0));
                        walk(entry, first, value.get(0), depth + 1);
                    }
                }
            } else if (!value.isNull() && (child.examples == null || child.examples.size() < limits.maxExamples())) {
                example(child, value.asText());
            }
        }
    }

    private void example(Node node, String text) {
        String s = text.length() > limits.maxExampleChars() ? text.substring(0, limits.maxExampleChars()) + "…" : text;
        if (node.examples == null) node.examples = new ArrayList<>(limits.maxExamples());
        if (!node.examples.contains(s)) node.examples.add(s);
    }

    private static int kind(JsonNode v) {
        if (v.isTextual()) return 0;
        if (v.isNumber()) return 1;
        if (v.isBoolean()) return 2;
        if (v.isObject()) return 3;
        if (v.isArray()) return 4;
        return 5;
    }

    /** The event names seen, most frequent first; type filters when not null. */
    public synchronized List<EventInfo> events(String type) {
        List<EventInfo> out = new ArrayList<>();
        for (Map.Entry<Key, Seen> e : entriesWithoutTouching()) {
            if (type != null && !type.equals(e.getKey().type())) continue;
            Seen v = e.getValue();
            out.add(new EventInfo(e.getKey().type(), e.getKey().name(), v.count, v.sampled, v.firstSeen, v.lastSeen, v.paths));
        }
        out.sort((a, b) -> Long.compare(b.count(), a.count()));
        return out;
    }

    /** How many event names were forgotten to make room for newer ones. */
    public synchronized long evicted() {
        return evicted;
    }

    /**
     * The paths of the events with this type and name (either may be null: any), most often seen first. Paths are
     * written as data maps and rules read them: {@code properties.items[0].sku}. Several events' counts add up.
     */
    public synchronized List<PathInfo> paths(String type, String name) {
        Map<String, long[]> seen = new LinkedHashMap<>(); // path → {seen, sampled, kinds}
        Map<String, List<String>> examples = new LinkedHashMap<>();
        for (Map.Entry<Key, Seen> e : entriesWithoutTouching()) {
            if (type != null && !type.equals(e.getKey().type())) continue;
            if (name != null && !name.equals(e.getKey().name())) continue;
            collect("", e.getValue().root, e.getValue().sampled, seen, examples);
        }
        List<PathInfo> out = new ArrayList<>();
        for (Map.Entry<String, long[]> p : seen.entrySet()) {
            long[] v = p.getValue();
            List<String> kinds = new ArrayList<>();
            for (int i = 0; i < KINDS.length; i++) if ((v[2] & (1L << i)) != 0) kinds.add(KINDS[i]);
            out.add(new PathInfo(p.getKey(), v[0], v[1], kinds, examples.getOrDefault(p.getKey(), List.of())));
        }
        out.sort((a, b) -> Long.compare(b.seen(), a.seen()));
        return out;
    }

    private void collect(String prefix, Node node, long sampled, Map<String, long[]> out, Map<String, List<String>> examples) {
        if (node.children == null) return;
        for (Map.Entry<String, Node> c : node.children.entrySet()) {
            String path = c.getKey().startsWith("[") ? prefix + c.getKey() : prefix.isEmpty() ? c.getKey() : prefix + "." + c.getKey();
            Node n = c.getValue();
            long[] v = out.computeIfAbsent(path, k -> new long[3]);
            v[0] += n.seen;
            v[1] += sampled;
            v[2] |= n.kinds;
            if (n.examples != null) {
                List<String> ex = examples.computeIfAbsent(path, k -> new ArrayList<>());
                for (String s : n.examples) if (ex.size() < limits.maxExamples() && !ex.contains(s)) ex.add(s);
            }
            collect(path, n, sampled, out, examples);
        }
    }

    /** Reading must not count as "seen": iterate a copy of the entries, which leaves the access order alone. */
    private List<Map.Entry<Key, Seen>> entriesWithoutTouching() {
        return new ArrayList<>(events.entrySet());
    }
}
