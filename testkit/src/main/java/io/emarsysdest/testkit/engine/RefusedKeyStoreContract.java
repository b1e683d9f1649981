package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.RefusedKey;
import io.emarsysdest.core.engine.RefusedKeyStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link RefusedKeyStore} must do; each implementation's test extends this. */
public abstract class RefusedKeyStoreContract extends PortContract<RefusedKeyStore> {
    private static final Instant T0 = Instant.parse("2026-03-01T09:00:00Z");

    private static RefusedKey refused(long offset, Long personId, String value) {
        return new RefusedKey(0, T0.plusSeconds(offset), offset, "m-" + offset, personId, value, "traits.email: not an email address");
    }

    private List<String> latestValues(int limit) {
        return committed(r -> r.latest(limit).stream().map(RefusedKey::value).toList());
    }

    @Test
    void refusalsAreListedNewestFirstWithWhatTheyWereRecordedWith() {
        assertRollbackLeavesNothing(r -> r.record(List.of(refused(1, 10L, "a"))), r -> r.latest(10));

        commit(r -> r.record(List.of(refused(1, 10L, "a"), refused(2, null, "b"))));
        commit(r -> r.record(List.of(refused(3, 11L, "c"))));
        commit(r -> r.record(List.of()));

        assertThat(latestValues(10)).containsExactly("c", "b", "a");
        assertThat(latestValues(2)).containsExactly("c", "b");
        assertThat(committed(RefusedKeyStore::count)).isEqualTo(3);
        List<RefusedKey> all = committed(r -> r.latest(10));
        assertThat(all.get(0).id()).isGreaterThan(all.get(1).id());
        assertThat(all.get(1)).satisfies(k -> {
            assertThat(k.personId()).as("resolved to nobody").isNull();
            assertThat(k.logOffset()).isEqualTo(2);
            assertThat(k.messageId()).isEqualTo("m-2");
            assertThat(k.refusedAt()).isEqualTo(T0.plusSeconds(2));
            assertThat(k.reason()).isEqualTo("traits.email: not an email address");
        });
        assertThat(all.get(2).personId()).isEqualTo(10L);
    }

    @Test
    void aLongValueIsKeptCutToItsFirstCharacters() {
        commit(r -> r.record(List.of(refused(1, 1L, "x".repeat(RefusedKey.MAX_VALUE_CHARS + 100)))));
        assertThat(latestValues(1)).singleElement().isEqualTo("x".repeat(RefusedKey.MAX_VALUE_CHARS));
    }

    @Test
    void onlyTheNewestRefusalsAreKept() {
        List<RefusedKey> many = new ArrayList<>();
        for (int i = 1; i <= RefusedKey.KEPT + 3; i++) many.add(refused(i, null, "v" + i));
        commit(r -> r.record(many.subList(0, 2)));
        commit(r -> r.record(many.subList(2, many.size())));

        assertThat(committed(RefusedKeyStore::count)).isEqualTo(RefusedKey.KEPT);
        assertThat(latestValues(1)).containsExactly("v" + (RefusedKey.KEPT + 3));
        assertThat(this.<String>committed(r -> r.latest(RefusedKey.KEPT).get(RefusedKey.KEPT - 1).value())).as("the oldest kept").isEqualTo("v4");
    }

    @Test
    void aPrivacyDeletionErasesTheRefusalsOfItsPersonsOnly() {
        commit(r -> r.record(List.of(refused(1, 10L, "gone"), refused(2, 11L, "stays"), refused(3, null, "nobody"), refused(4, 10L, "gone too"))));
        assertRollbackLeavesNothing(r -> r.erase(List.of(10L)), r -> r.latest(10));

        commit(r -> r.erase(List.of()));
        commit(r -> r.erase(List.of(10L, 12L)));

        assertThat(latestValues(10)).containsExactly("nobody", "stays");
    }
}
