package io.emarsysdest.core.delivery;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.emarsysdest.core.delivery.Items.fields;
import static org.assertj.core.api.Assertions.assertThat;

class BatchPlannerTest {
    private final Items items = new Items();
    private final BatchPlanner planner = new BatchPlanner(BatchLimits.DEFAULTS);

    @Test
    void groupsItemsByAccountOperationKeyFieldAndTarget() {
        List<OutboxItem> claimed = List.of(
                items.trigger("p1", "a@x", "10"),
                items.trigger("p2", "b@x", "11"),
                items.trigger("p3", "c@x", "10"),
                items.listAdd("p4", "d@x", "7"),
                items.listAdd("p5", "e@x", "7"),
                items.item("other", Operation.LIST_ADD, "f@x", "7", null, "p6"),
                items.item("acc", Operation.LIST_ADD, "g@x", "7", null, "p7"));

        DeliveryPlan plan = planner.plan(claimed);

        assertThat(plan.held()).isEmpty();
        assertThat(plan.batches()).extracting(b -> b.account() + "/" + b.op() + "/" + b.target() + "/" + keys(b))
                .containsExactly(
                        "acc/EVENT_TRIGGER/10/[a@x, c@x]",
                        "acc/EVENT_TRIGGER/11/[b@x]",
                        "acc/LIST_ADD/7/[d@x, e@x, g@x]",
                        "other/LIST_ADD/7/[f@x]");
    }

    @Test
    void splitsAGroupIntoRequestsOfAtMostOneThousandItems() {
        List<OutboxItem> claimed = new ArrayList<>();
        for (int i = 0; i < 2500; i++) claimed.add(items.upsert("p" + i, i + "@x", fields("1", "n" + i)));

        DeliveryPlan plan = planner.plan(claimed);

        assertThat(plan.batches()).extracting(b -> b.items().size()).containsExactly(1000, 1000, 500);
        assertThat(plan.batches().get(1).items().get(0).keyValue()).isEqualTo("1000@x");
    }

    @Test
    void keepsTriggerRequestsUnderTheTriggerByteCap() {
        BatchPlanner small = new BatchPlanner(new BatchLimits(1000, 8_000_000, 10_000, 8_000_000));
        List<OutboxItem> claimed = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            OutboxItem t = items.trigger("p" + i, i + "@x", "10");
            t.payload().with("data").put("blob", "x".repeat(900));
            claimed.add(t);
        }

        DeliveryPlan plan = small.plan(claimed);

        assertThat(plan.batches()).hasSizeGreaterThan(1);
        for (DeliveryBatch batch : plan.batches()) assertThat(serializedSize(batch)).isLessThanOrEqualTo(10_000);
        assertThat(plan.batches().stream().mapToInt(b -> b.items().size()).sum()).isEqualTo(100);
        // Each request is filled before the next one starts: all but the last are within one item of the cap.
        for (DeliveryBatch batch : plan.batches().subList(0, plan.batches().size() - 1)) {
            assertThat(serializedSize(batch)).isGreaterThan(10_000 - 1_100);
        }
    }

    @Test
    void keepsUpsertRequestsUnderTheUpsertByteCapCountingMultiByteCharacters() {
        BatchPlanner small = new BatchPlanner(new BatchLimits(1000, 20_000, 1_000_000, 8_000_000));
        List<OutboxItem> claimed = new ArrayList<>();
        for (int i = 0; i < 60; i++) claimed.add(items.upsert("p" + i, i + "@x", fields("1", "Ä€😀\"\n".repeat(100))));

        DeliveryPlan plan = small.plan(claimed);

        assertThat(plan.batches()).hasSizeGreaterThan(1);
        for (DeliveryBatch batch : plan.batches()) assertThat(serializedSize(batch)).isLessThanOrEqualTo(20_000);
    }

    @Test
    void reportsAnItemTooBigForAnyRequestAsOversized() {
        OutboxItem huge = items.trigger("p1", "a@x", "10");
        huge.payload().with("data").put("blob", "x".repeat(1_100_000));
        OutboxItem fine = items.trigger("p2", "b@x", "10");

        DeliveryPlan plan = planner.plan(List.of(huge, fine));

        assertThat(plan.oversized()).containsExactly(huge);
        assertThat(plan.batches()).singleElement().satisfies(b -> assertThat(keys(b)).containsExactly("b@x"));
    }

    @Test
    void mergesUpsertsOfOneContactInOrderLaterValuesWinning() {
        OutboxItem first = items.upsert("p1", "a@x", fields("1", "Ann", "2", "Lee"));
        OutboxItem other = items.upsert("p2", "b@x", fields("1", "Bob"));
        OutboxItem second = items.upsert("p1", "a@x", fields("2", "Smith", "31", 1));

        DeliveryPlan plan = planner.plan(List.of(second, other, first)); // input order does not matter: ids do

        assertThat(plan.batches()).singleElement().satisfies(batch -> {
            assertThat(batch.items()).hasSize(2);
            BatchItem merged = batch.items().get(0);
            assertThat(merged.keyValue()).isEqualTo("a@x");
            assertThat(merged.sourceIds()).containsExactly(first.id(), second.id());
            assertThat(merged.payload().toString()).isEqualTo("{\"1\":\"Ann\",\"2\":\"Smith\",\"31\":1}");
        });
        assertThat(first.payload().toString()).as("claimed payloads stay untouched")
                .isEqualTo("{\"1\":\"Ann\",\"2\":\"Lee\"}");
    }

    @Test
    void holdsATriggerOfAPersonUntilItsEarlierUpsertIsDelivered() {
        OutboxItem upsert = items.upsert("p1", "a@x", fields("1", "Ann"));
        OutboxItem trigger = items.trigger("p1", "a@x", "10");
        OutboxItem add = items.listAdd("p1", "a@x", "7");
        OutboxItem otherTrigger = items.trigger("p2", "b@x", "10");

        DeliveryPlan plan = planner.plan(List.of(upsert, trigger, add, otherTrigger));

        assertThat(plan.held()).containsExactly(trigger, add);
        assertThat(plan.batches()).extracting(BatchPlannerTest::keys)
                .containsExactly(List.of("a@x"), List.of("b@x"));
    }

    @Test
    void sendsATriggerProducedBeforeTheUpsertTogetherWithIt() {
        OutboxItem trigger = items.trigger("p1", "a@x", "10");
        OutboxItem upsert = items.upsert("p1", "a@x", fields("1", "Ann"));

        DeliveryPlan plan = planner.plan(List.of(trigger, upsert));

        assertThat(plan.held()).isEmpty();
        assertThat(plan.batches()).hasSize(2);
    }

    @Test
    void mergesALaterUpsertPastAHeldTriggerButNotPastAHeldDelete() {
        OutboxItem u1 = items.upsert("p1", "a@x", fields("1", "Ann"));
        OutboxItem t = items.trigger("p1", "a@x", "10");
        OutboxItem u2 = items.upsert("p1", "a@x", fields("1", "Anne"));
        OutboxItem d = items.delete("p1", "a@x");
        OutboxItem u3 = items.upsert("p1", "a@x", fields("1", "Again"));

        DeliveryPlan plan = planner.plan(List.of(u1, t, u2, d, u3));

        assertThat(plan.batches()).singleElement().satisfies(b -> {
            assertThat(b.items()).singleElement().satisfies(i -> assertThat(i.sourceIds()).containsExactly(u1.id(), u2.id()));
        });
        assertThat(plan.held()).containsExactly(t, d, u3);
    }

    @Test
    void holdsAnUpsertWithAnotherKeyFieldBehindTheFirstUpsertOfThePerson() {
        OutboxItem u1 = items.upsert("p1", "a@x", fields("1", "Ann"));
        OutboxItem byPhone = new OutboxItem(99, "acc", Operation.CONTACT_UPSERT, "15", "+4912", null,
                fields("1", "Ann"), "k99", "p1", Items.T0, 0, Items.T0, null);

        DeliveryPlan plan = planner.plan(List.of(u1, byPhone));

        assertThat(plan.held()).containsExactly(byPhone);
    }

    @Test
    void keepsTheOrderOfListChangesOfOneListButNotAcrossLists() {
        OutboxItem add = items.listAdd("p1", "a@x", "7");
        OutboxItem remove = items.listRemove("p1", "a@x", "7");
        OutboxItem otherList = items.listAdd("p1", "a@x", "8");

        DeliveryPlan plan = planner.plan(List.of(add, remove, otherList));

        assertThat(plan.held()).containsExactly(remove);
        assertThat(plan.batches()).extracting(DeliveryBatch::target).containsExactly("7", "8");
    }

    @Test
    void neverPutsOneContactTwiceIntoOneTriggerRequest() {
        List<OutboxItem> claimed = new ArrayList<>();
        for (int i = 0; i < 3; i++) claimed.add(items.trigger("p1", "a@x", "10"));
        claimed.add(items.trigger("p2", "b@x", "10"));

        DeliveryPlan plan = planner.plan(claimed);

        assertThat(plan.held()).isEmpty();
        assertThat(plan.batches()).extracting(BatchPlannerTest::keys)
                .containsExactly(List.of("a@x", "b@x"), List.of("a@x"), List.of("a@x"));
    }

    @Test
    void treatsUpsertsOfTwoPersonsWithTheSameKeyValueAsOneContact() {
        OutboxItem u1 = items.upsert("p1", "a@x", fields("1", "Ann"));
        OutboxItem u2 = items.upsert("p2", "a@x", fields("2", "Lee"));

        DeliveryPlan plan = planner.plan(List.of(u1, u2));

        assertThat(plan.batches()).singleElement()
                .satisfies(b -> assertThat(b.items()).singleElement()
                        .satisfies(i -> assertThat(i.sourceIds()).containsExactly(u1.id(), u2.id())));
    }

    @Test
    void accountsEveryClaimedItemExactlyOnce() {
        List<OutboxItem> claimed = new ArrayList<>();
        java.util.Random random = new java.util.Random(7);
        for (int i = 0; i < 5000; i++) {
            String person = "p" + random.nextInt(300);
            String email = person + "@x";
            claimed.add(switch (random.nextInt(5)) {
                case 0 -> items.upsert(person, email, fields("1", "v" + i));
                case 1 -> items.trigger(person, email, "1" + random.nextInt(3));
                case 2 -> items.listAdd(person, email, "7");
                case 3 -> items.listRemove(person, email, "7");
                default -> items.delete(person, email);
            });
        }

        DeliveryPlan plan = planner.plan(claimed);

        List<Long> seen = new ArrayList<>();
        plan.batches().forEach(b -> b.items().forEach(i -> seen.addAll(i.sourceIds())));
        plan.held().forEach(i -> seen.add(i.id()));
        assertThat(seen).hasSize(5000).doesNotHaveDuplicates();
        for (DeliveryBatch b : plan.batches()) {
            if (b.op() != Operation.EVENT_TRIGGER) {
                Set<String> keys = new HashSet<>(keys(b));
                assertThat(keys).hasSize(b.items().size());
            }
        }
    }

    private static List<String> keys(DeliveryBatch batch) {
        return batch.items().stream().map(BatchItem::keyValue).toList();
    }

    /** The body as the gateway would write it (contacts array form), to check the estimate is an upper bound. */
    private static long serializedSize(DeliveryBatch batch) {
        var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
        var body = mapper.createObjectNode();
        body.put("key_id", batch.keyField());
        var contacts = body.putArray("contacts");
        for (BatchItem item : batch.items()) {
            var c = contacts.addObject();
            if (batch.op() == Operation.EVENT_TRIGGER) c.put("external_id", item.keyValue());
            else c.put(batch.keyField(), item.keyValue());
            if (item.payload() != null) c.setAll(item.payload());
        }
        try {
            return mapper.writeValueAsBytes(body).length;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
