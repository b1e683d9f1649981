package io.emarsysdest.store.eventlog;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The small data structures behind the log's indexes. */
class LogIndexPartsTest {

    @Test
    void aMultiMapKeepsEveryValueOfAKeyIncludingCollidingSlots() {
        LongMultiMap map = new LongMultiMap(100);
        for (long v = 1; v <= 60; v++) map.put(v % 3 == 0 ? 42 : v * 1024, v); // keys that share low bits, and repeats
        List<Long> of42 = new ArrayList<>();
        map.forEach(42, of42::add);
        assertThat(of42).hasSize(20).allMatch(v -> v % 3 == 0);
        List<Long> none = new ArrayList<>();
        map.forEach(7, none::add);
        assertThat(none).isEmpty();
        assertThat(map.size()).isEqualTo(60);
    }

    @Test
    void aFullMultiMapRefusesMore() {
        LongMultiMap map = new LongMultiMap(2);
        map.put(1, 1);
        map.put(2, 2);
        assertThat(map.isFull()).isTrue();
        assertThatThrownBy(() -> map.put(3, 3)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void unindexedIdsAreForgottenASegmentAtATimeOnceIndexed() {
        UnindexedHashes ids = new UnindexedHashes();
        int n = UnindexedHashes.SEGMENT_ENTRIES + 10;
        for (int i = 1; i <= n; i++) ids.add(i, i);
        ids.dropThrough(n - 1);                       // the second segment still has offset n
        List<Long> found = new ArrayList<>();
        ids.forEach(n, found::add);
        assertThat(found).containsExactly((long) n);
        assertThat(ids.size()).isEqualTo(10);
        ids.dropThrough(n);
        assertThat(ids.size()).isZero();
    }

    @Test
    void offsetListsRoundTripAndRefuseDisorder() {
        long[] offsets = {1, 2, 130, 131, 1L << 40, (1L << 40) + 1};
        assertThat(OffsetList.decode(OffsetList.encode(offsets, offsets.length))).containsExactly(offsets);
        assertThat(OffsetList.decode(OffsetList.encode(offsets, 2))).containsExactly(1, 2);
        assertThat(OffsetList.decode(OffsetList.encode(new long[]{5, 5, 7}, 3))).containsExactly(5, 7);
        assertThatThrownBy(() -> OffsetList.encode(new long[]{5, 4}, 2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void hashesSeparateKindsAndSpreadValues() {
        assertThat(IdHash.userId("x")).isNotEqualTo(IdHash.anonymousId("x")).isNotEqualTo(IdHash.messageId("x"));
        java.util.Set<Long> hashes = new java.util.HashSet<>();
        for (int i = 0; i < 100_000; i++) hashes.add(IdHash.messageId("msg-" + i));
        assertThat(hashes).hasSize(100_000);
    }

    @Test
    void theFilterNeverForgetsAnAddedIdAndRarelyClaimsAnUnknownOne() {
        MessageIdFilter filter = new MessageIdFilter(100_000);
        for (int i = 0; i < 100_000; i++) filter.add(IdHash.messageId("known-" + i));
        for (int i = 0; i < 100_000; i++) assertThat(filter.mightContain(IdHash.messageId("known-" + i))).isTrue();
        int falsePositives = 0;
        for (int i = 0; i < 100_000; i++) if (filter.mightContain(IdHash.messageId("unknown-" + i))) falsePositives++;
        assertThat(falsePositives).isLessThan(3_000); // about 1 % at the size it was made for
        assertThat(filter.isOverfull()).isFalse();
        filter.add(1);
        assertThat(filter.isOverfull()).isTrue();
    }

    @Test
    void pairsAreSortedByKeyWithTheirValues() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        int n = 10_000;
        long[] keys = new long[n], values = new long[n];
        for (int i = 0; i < n; i++) {
            keys[i] = i % 10 == 0 ? 5 : r.nextLong(); // with repeated keys
            values[i] = keys[i] ^ 0x5555;
        }
        PairSort.sort(keys, values, n);
        for (int i = 0; i < n; i++) {
            if (i > 0) assertThat(keys[i]).isGreaterThanOrEqualTo(keys[i - 1]);
            assertThat(values[i]).isEqualTo(keys[i] ^ 0x5555);
        }
    }

    @Test
    void unindexedIdentifiersFindEveryEventOfAPersonUntilIndexed() {
        UnindexedIdentifiers ids = new UnindexedIdentifiers();
        // offsets 1..3: user 7 anonymous 9; user 7 alone; anonymous 9 alone (0 = none); offset 4 the same hash twice
        ids.add(new long[]{1, 2, 3, 4}, new long[]{7, 7, 0, 5}, new long[]{9, 0, 9, 5});
        java.util.List<Long> found = new java.util.ArrayList<>();
        ids.forEach(java.util.List.of(7L, 9L), found::add);
        assertThat(found).containsExactlyInAnyOrder(1L, 2L, 1L, 3L);
        found.clear();
        ids.forEach(java.util.List.of(5L), found::add);
        assertThat(found).containsExactly(4L);

        ids.dropThrough(4);
        found.clear();
        ids.forEach(java.util.List.of(5L, 7L, 9L), found::add);
        assertThat(found).isEmpty();
    }
}
