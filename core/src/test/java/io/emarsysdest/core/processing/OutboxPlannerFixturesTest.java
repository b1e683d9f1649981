package io.emarsysdest.core.processing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceListMapping;
import io.emarsysdest.core.datamap.AudienceSync;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.datamap.ContactOperation;
import io.emarsysdest.core.datamap.DataMap;
import io.emarsysdest.core.datamap.DataMapBundle;
import io.emarsysdest.core.datamap.DataMapCompiler;
import io.emarsysdest.core.datamap.DataMapFixturesTest;
import io.emarsysdest.core.datamap.DataMapJson;
import io.emarsysdest.core.datamap.DataMapSet;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.datamap.TestEvents;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.identity.Merge;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.core.rules.RuleAction;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the fixture files under {@code planner/}: the data maps of a case (as in {@code datamap/cases}), what persons
 * hold and what Emarsys already has at the start, then steps (an event with its resolution and rule actions, or
 * fired timers) → the outbox items, holds and releases the planner decides, and what is held at the end.
 * Between steps the held items change as {@link HeldChanges} say, the way the pipeline writes them.
 */
class OutboxPlannerFixturesTest {

    static Stream<Path> cases() {
        try {
            Path root = Path.of(OutboxPlannerFixturesTest.class.getClassLoader().getResource("planner").toURI());
            try (Stream<Path> s = Files.list(root)) {
                return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void events_and_state_give_the_expected_items_holds_and_releases(Path file) throws IOException {
        ObjectNode fx = (ObjectNode) TestEvents.JSON.readTree(file.toFile());
        DataMapSet maps = maps(fx);
        Held held = new Held(fx.path("held"));
        ContactMemories memories = fx.path("sendUnchanged").asBoolean() ? ContactMemories.SEND_ALL : new Memories(fx.path("memories"));
        OutboxPlanner planner = new OutboxPlanner("acc", maps.keyField(), maps::evaluate, held, memories);

        ArrayNode holds = JsonNodeFactory.instance.arrayNode();
        ArrayNode released = JsonNodeFactory.instance.arrayNode();
        for (JsonNode step : fx.get("steps")) {
            HeldChanges changes;
            if (step.has("timer")) {
                JsonNode t = step.get("timer");
                changes = planner.timer(t.get("personId").asLong(), t.path("key").asText(null), actions(t.path("actions")));
            } else {
                Resolution r = resolution(step.get("resolution"));
                List<List<RuleAction>> onMerges = new ArrayList<>();
                for (int m = 0; m < r.merges().size(); m++) onMerges.add(actions(step.path("onMerges").path(m)));
                changes = planner.event(TestEvents.event(step.get("event")), r, onMerges, actions(step.path("onEvent")));
            }
            for (HeldItem h : changes.holds()) holds.add(json(h));
            for (long p : changes.released()) released.add(p);
            held.apply(changes);
        }

        JsonNode expect = fx.get("expect");
        String keyField = expect.path("keyField").asText("3");
        ArrayNode items = JsonNodeFactory.instance.arrayNode();
        for (NewOutboxItem it : planner.items()) {
            assertThat(it.keyField()).as("key field of %s", it.idempotencyKey()).isEqualTo(keyField);
            assertThat(it.account()).isEqualTo("acc");
            items.add(json(it));
        }
        assertThat(items.equals(DataMapFixturesTest.NUMERIC, expect.get("items")))
                .as("items:%n got      %s%n expected %s", items, expect.get("items")).isTrue();
        assertThat(holds.equals(DataMapFixturesTest.NUMERIC, expect.get("holds")))
                .as("holds:%n got      %s%n expected %s", holds, expect.get("holds")).isTrue();
        assertThat(released.equals(DataMapFixturesTest.NUMERIC, expect.get("released")))
                .as("released: got %s, expected %s", released, expect.get("released")).isTrue();
        if (expect.has("heldAfter")) {
            assertThat(held.json().equals(DataMapFixturesTest.NUMERIC, expect.get("heldAfter")))
                    .as("held at the end: got %s, expected %s", held.json(), expect.get("heldAfter")).isTrue();
        }
        if (expect.has("counts")) {
            OutboxPlanner.Counts c = planner.counts();
            JsonNode e = expect.get("counts");
            assertThat(c).as("counts").isEqualTo(new OutboxPlanner.Counts(e.path("held").asInt(), e.path("released").asInt(),
                    e.path("unchanged").asInt(), e.path("notForEmarsys").asInt()));
        }
    }

    private static DataMapSet maps(ObjectNode fx) {
        FieldCatalog catalog = DataMapFixturesTest.catalog(fx);
        String keyField = fx.path("keyField").asText(DataMap.DEFAULT_KEY_FIELD);
        List<DataMap> maps = new ArrayList<>();
        for (JsonNode m : fx.path("maps")) {
            assertThat(DataMapCompiler.validate(m, catalog, keyField)).as("maps of a case must be valid").isEmpty();
            maps.add(DataMapJson.parse(m).map());
        }
        List<AudienceListMapping> audiences = new ArrayList<>();
        for (JsonNode a : fx.path("audiences")) {
            List<Problem> problems = new ArrayList<>();
            audiences.add(DataMapBundle.parseAudience(a, problems, ""));
            assertThat(problems).isEmpty();
        }
        DataMapSet set = DataMapSet.assemble(maps, catalog, AudienceSync.defaults(audiences), keyField);
        assertThat(set.problems()).isEmpty();
        return set;
    }

    /** {@code {"personId", "isNew", "key", "previousKey", "becameContact", "traits", "merges": [loser ids]}}. */
    private static Resolution resolution(JsonNode r) {
        long personId = r.get("personId").asLong();
        String key = r.path("key").asText(null);
        List<Merge> merges = new ArrayList<>();
        for (JsonNode loser : r.path("merges")) merges.add(new Merge(personId, loser.asLong()));
        ObjectNode traits = r.has("traits") ? (ObjectNode) r.get("traits") : JsonNodeFactory.instance.objectNode();
        return new Resolution(personId, r.path("isNew").asBoolean(), key, key == null ? null : key.toLowerCase(),
                r.path("previousKey").asText(null), traits, r.path("becameContact").asBoolean(), merges,
                Instant.EPOCH, Instant.EPOCH, List.of());
    }

    /** {@code [{"externalEventId"|"externalEventName", "triggerId", "payload"}]}. */
    private static List<RuleAction> actions(JsonNode list) {
        List<RuleAction> out = new ArrayList<>();
        for (JsonNode a : list) {
            Long id = a.has("externalEventId") ? a.get("externalEventId").asLong() : null;
            out.add(new RuleAction("", "rule", 1, "i", id, a.path("externalEventName").asText(null),
                    (ObjectNode) a.get("payload"), a.get("triggerId").asText(), Instant.EPOCH, Instant.EPOCH));
        }
        return out;
    }

    private static ObjectNode json(NewOutboxItem it) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("op", it.op().name()).put("key", it.keyValue());
        if (it.target() != null) o.put("target", it.target());
        if (it.payload() != null) o.set("payload", it.payload());
        return o.put("id", it.idempotencyKey()).put("person", it.personKey());
    }

    private static ObjectNode json(HeldItem h) {
        ObjectNode o = JsonNodeFactory.instance.objectNode().put("person", h.personId()).put("op", h.op().name()).put("target", h.target());
        if (h.payload() != null) o.set("payload", h.payload());
        return o.put("id", h.idempotencyKey());
    }

    /** Held items in memory, changed as the pipeline's store is: releases drop, list changes replace. */
    private static final class Held implements HeldItems {
        private final Map<Long, List<HeldItem>> byPerson = new LinkedHashMap<>();

        Held(JsonNode initial) {
            for (Iterator<Map.Entry<String, JsonNode>> it = initial.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                long person = Long.parseLong(e.getKey());
                for (JsonNode h : e.getValue()) {
                    hold(new HeldItem(person, Operation.valueOf(h.get("op").asText()), h.get("target").asText(),
                            h.has("payload") ? (ObjectNode) h.get("payload") : null, h.get("id").asText()));
                }
            }
        }

        @Override
        public List<HeldItem> of(long personId) {
            return List.copyOf(byPerson.getOrDefault(personId, List.of()));
        }

        void apply(HeldChanges changes) {
            for (long p : changes.released()) byPerson.remove(p);
            for (HeldItem h : changes.holds()) hold(h);
        }

        private void hold(HeldItem h) {
            List<HeldItem> list = byPerson.computeIfAbsent(h.personId(), p -> new ArrayList<>());
            if (h.isListChange()) list.removeIf(o -> o.isListChange() && o.target().equals(h.target()));
            list.add(h);
        }

        ObjectNode json() {
            ObjectNode out = JsonNodeFactory.instance.objectNode();
            byPerson.forEach((p, list) -> {
                if (list.isEmpty()) return;
                ArrayNode a = out.putArray(Long.toString(p));
                for (HeldItem h : list) a.add(OutboxPlannerFixturesTest.json(h).without("person"));
            });
            return out;
        }
    }

    /** Contact memories in memory, starting from their stored form ({@link ContactMemory#toJson()}) per person key. */
    private static final class Memories implements ContactMemories {
        private final Map<String, ContactMemory> byPerson = new HashMap<>();

        Memories(JsonNode initial) {
            for (Iterator<Map.Entry<String, JsonNode>> it = initial.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                byPerson.put(e.getKey(), ContactMemory.fromJson(e.getValue()));
            }
        }

        @Override
        public List<ContactOperation> filter(String personKey, List<ContactOperation> ops) {
            return byPerson.computeIfAbsent(personKey, k -> ContactMemory.empty()).filter(ops);
        }

        @Override
        public void forget(String personKey) {
            byPerson.put(personKey, ContactMemory.empty());
        }
    }
}
