package io.emarsysdest.testkit.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.engine.HeldItemStore;
import io.emarsysdest.core.processing.HeldChanges;
import io.emarsysdest.core.processing.HeldItem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link HeldItemStore} must do, as the outbox planner's pipeline writes and reads it across transactions. */
public abstract class HeldItemStoreContract extends PortContract<HeldItemStore> {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    private static HeldItem trigger(long person, String id) {
        return new HeldItem(person, Operation.EVENT_TRIGGER, "7", JsonNodeFactory.instance.objectNode().put("trigger_id", id), id);
    }

    private static HeldItem list(long person, boolean add, String target, String id) {
        return new HeldItem(person, add ? Operation.LIST_ADD : Operation.LIST_REMOVE, target, null, id);
    }

    private static HeldChanges hold(HeldItem... items) {
        return new HeldChanges(List.of(items), List.of());
    }

    private static HeldChanges release(Long... persons) {
        return new HeldChanges(List.of(), List.of(persons));
    }

    private List<List<HeldItem>> ofPersons(HeldItemStore h) {
        return List.of(h.of(1), h.of(2));
    }

    @Test
    void heldItemsAreReadBackOldestFirstInALaterTransaction() {
        HeldChanges three = hold(trigger(1, "t1"), list(1, true, "name:vip", "l1"), trigger(1, "t2"));
        assertRollbackLeavesNothing(h -> h.apply(three, T0), this::ofPersons);

        commit(h -> h.apply(three, T0));

        commit(h -> {
            assertThat(h.of(1)).containsExactly(trigger(1, "t1"), list(1, true, "name:vip", "l1"), trigger(1, "t2"));
            assertThat(h.of(2)).isEmpty();
        });
    }

    @Test
    void aListChangeReplacesTheHeldChangeOfTheSameListOnly() {
        commit(h -> h.apply(hold(list(1, true, "name:vip", "l1"), list(1, true, "name:news", "l2"),
                trigger(1, "t1"), trigger(1, "t1b")), T0));
        assertRollbackLeavesNothing(h -> h.apply(hold(list(1, false, "name:vip", "l3")), T0), this::ofPersons);

        commit(h -> h.apply(hold(list(1, false, "name:vip", "l3")), T0));

        commit(h -> assertThat(h.of(1)).containsExactly(list(1, true, "name:news", "l2"), trigger(1, "t1"),
                trigger(1, "t1b"), list(1, false, "name:vip", "l3")));
    }

    @Test
    void releasedPersonsHoldNothingAfterwardsAndOthersKeepTheirs() {
        commit(h -> h.apply(hold(trigger(1, "t1"), trigger(2, "t2")), T0));
        assertRollbackLeavesNothing(h -> h.apply(release(1L), T0), this::ofPersons);

        commit(h -> {
            assertThat(h.of(1)).hasSize(1);
            h.apply(release(1L), T0);
            assertThat(h.of(1)).as("within the same transaction").isEmpty();
            h.apply(hold(trigger(1, "t3")), T0);
            assertThat(h.of(1)).as("held again after the release").containsExactly(trigger(1, "t3"));
        });
        commit(h -> {
            assertThat(h.of(1)).containsExactly(trigger(1, "t3"));
            assertThat(h.of(2)).containsExactly(trigger(2, "t2"));
        });
    }

    @Test
    void oneStepReleasesBeforeItHolds() {
        commit(h -> h.apply(hold(trigger(1, "t1")), T0));
        commit(h -> h.apply(new HeldChanges(List.of(trigger(1, "t2")), List.of(1L)), T0));
        commit(h -> assertThat(h.of(1)).containsExactly(trigger(1, "t2")));
    }

    @Test
    void aPrivacyDeletionErasesWhatItsPersonsHold() {
        commit(h -> h.apply(hold(trigger(1, "t1"), list(1, true, "name:vip", "l1"), trigger(2, "t2")), T0));
        assertRollbackLeavesNothing(h -> h.erase(List.of(1L)), this::ofPersons);

        commit(h -> {
            assertThat(h.of(1)).hasSize(2); // read before the erase: the erase must not leave it cached
            h.erase(List.of(1L, 3L));
            assertThat(h.of(1)).isEmpty();
        });
        commit(h -> h.erase(List.of()));

        commit(h -> assertThat(ofPersons(h)).containsExactly(List.of(), List.of(trigger(2, "t2"))));
    }
}
