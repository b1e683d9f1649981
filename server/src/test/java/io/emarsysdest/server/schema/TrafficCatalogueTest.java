package io.emarsysdest.server.schema;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.testkit.Events;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TrafficCatalogueTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static Event track(String name, String properties) {
        return Events.of(EventType.TRACK, "{\"userId\":\"u1\",\"event\":\"" + name + "\",\"properties\":" + properties + "}", T0);
    }

    private static TrafficCatalogue.PathInfo path(List<TrafficCatalogue.PathInfo> paths, String path) {
        return paths.stream().filter(p -> p.path().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no path " + path + " in " + paths.stream().map(TrafficCatalogue.PathInfo::path).toList()));
    }

    @Test
    void eventNamesAreCountedAndTheirPathsCarryCountsKindsAndExampleValues() {
        TrafficCatalogue c = new TrafficCatalogue();
        c.record(List.of(
                track("Order Completed", "{\"revenue\":42.5,\"items\":[{\"sku\":\"a-1\"}],\"coupon\":\"X\"}"),
                track("Order Completed", "{\"revenue\":\"7\",\"items\":[{\"sku\":\"b-2\"}]}"),
                track("Product Viewed", "{\"product_id\":\"p-9\"}"),
                Events.of(EventType.IDENTIFY, "{\"userId\":\"u1\",\"traits\":{\"email\":\"a@example.com\",\"loyalty_tier\":\"gold\"}}", T0)));

        List<TrafficCatalogue.EventInfo> events = c.events(null);
        assertThat(events).extracting(TrafficCatalogue.EventInfo::type, TrafficCatalogue.EventInfo::name, TrafficCatalogue.EventInfo::count)
                .startsWith(org.assertj.core.groups.Tuple.tuple("track", "Order Completed", 2L))
                .contains(org.assertj.core.groups.Tuple.tuple("track", "Product Viewed", 1L), org.assertj.core.groups.Tuple.tuple("identify", null, 1L));
        assertThat(c.events("identify")).hasSize(1);

        List<TrafficCatalogue.PathInfo> order = c.paths("track", "Order Completed");
        TrafficCatalogue.PathInfo revenue = path(order, "properties.revenue");
        assertThat(revenue.seen()).isEqualTo(2);
        assertThat(revenue.sampled()).isEqualTo(2);
        assertThat(revenue.kinds()).containsExactly("string", "number");
        assertThat(revenue.examples()).containsExactly("42.5", "7");
        assertThat(path(order, "properties.coupon").seen()).isEqualTo(1);
        assertThat(path(order, "properties.items[0].sku").examples()).containsExactly("a-1", "b-2");
        assertThat(path(order, "properties.items").kinds()).containsExactly("array");
        assertThat(order).extracting(TrafficCatalogue.PathInfo::path).doesNotContain("properties.product_id");

        assertThat(path(c.paths("identify", null), "traits.loyalty_tier").examples()).containsExactly("gold");
        // without a filter, every event's paths (counts add up)
        assertThat(path(c.paths(null, null), "userId").seen()).isEqualTo(4);
    }

    @Test
    void everyDimensionIsBounded() {
        TrafficCatalogue.Limits limits = new TrafficCatalogue.Limits(3, 5, 2, 10, 2, 1000, 16);
        TrafficCatalogue c = new TrafficCatalogue(limits);
        for (int i = 0; i < 50; i++) {
            c.record(track("Event " + i, "{\"a" + i + "\":1,\"b\":\"value number " + i + " is long\",\"deep\":{\"deeper\":{\"deepest\":1}}}"));
        }
        // the least recently seen names made room for the newer ones
        assertThat(c.events(null)).extracting(TrafficCatalogue.EventInfo::name).containsExactlyInAnyOrder("Event 47", "Event 48", "Event 49");
        assertThat(c.evicted()).isEqualTo(47);

        for (int i = 0; i < 100; i++) c.record(track("Event 49", "{\"k" + i + "\":\"v" + i + "\"}"));
        List<TrafficCatalogue.PathInfo> paths = c.paths("track", "Event 49");
        assertThat(paths).as("paths per event name").hasSizeLessThanOrEqualTo(5);
        for (TrafficCatalogue.PathInfo p : paths) {
            assertThat(p.examples()).hasSizeLessThanOrEqualTo(2);
            for (String e : p.examples()) assertThat(e.length()).isLessThanOrEqualTo(11); // 10 characters and "…"
            assertThat(p.path().split("\\.")).as("depth of %s", p.path()).hasSizeLessThanOrEqualTo(2);
        }
    }

    @Test
    void afterTheFirstBodiesOnlyASampleIsWalkedButEveryEventIsCounted() {
        TrafficCatalogue c = new TrafficCatalogue(new TrafficCatalogue.Limits(10, 50, 3, 60, 6, 4, 8));
        for (int i = 0; i < 100; i++) c.record(track("Page Scrolled", "{\"depth\":" + i + "}"));
        TrafficCatalogue.EventInfo e = c.events("track").get(0);
        assertThat(e.count()).isEqualTo(100);
        assertThat(e.sampled()).isEqualTo(4 + 12); // the first 4, then every 8th of the rest (8, 16, …, 96)
        TrafficCatalogue.PathInfo depth = path(c.paths("track", "Page Scrolled"), "properties.depth");
        assertThat(depth.seen()).isEqualTo(depth.sampled()).isEqualTo(16);
    }

    @Test
    void aCommittedBatchIsRecordedOnceAndARolledBackOneNotAtAll() {
        TrafficCatalogue c = new TrafficCatalogue();
        RecordTraffic stage = new RecordTraffic(c);
        stage.apply(null, List.of(track("Signed Up", "{}")));
        stage.afterRollback();
        stage.afterCommit(); // a timer transaction committing later records nothing
        assertThat(c.events(null)).isEmpty();
        stage.apply(null, List.of(track("Signed Up", "{}")));
        stage.afterCommit();
        stage.afterCommit();
        assertThat(c.events(null)).extracting(TrafficCatalogue.EventInfo::count).containsExactly(1L);
    }

    @Test
    void aBusyBatchIsLookedAtOneEventInEightEachCountingForEight() {
        TrafficCatalogue c = new TrafficCatalogue();
        List<Event> busy = new java.util.ArrayList<>();
        for (int i = 0; i < 800; i++) busy.add(track("Page Scrolled", "{\"depth\":" + i + "}"));
        c.record(busy);
        TrafficCatalogue.EventInfo e = c.events("track").get(0);
        assertThat(e.count()).as("an estimate: 100 looked at, 8 each").isEqualTo(800);
        assertThat(e.sampled()).isEqualTo(100);
        c.record(busy.subList(0, TrafficCatalogue.SMALL_BATCH)); // light traffic: every event
        assertThat(c.events("track").get(0).count()).isEqualTo(800 + TrafficCatalogue.SMALL_BATCH);
    }
}
