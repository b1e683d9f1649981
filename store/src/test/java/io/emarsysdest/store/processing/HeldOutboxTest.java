package io.emarsysdest.store.processing;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.processing.HeldChanges;
import io.emarsysdest.core.processing.HeldItem;
import io.emarsysdest.store.outbox.SqliteStateFile;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The held items store on SQLite, as the outbox planner's pipeline writes and reads it across transactions. */
class HeldOutboxTest {
    private static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    @TempDir
    Path dir;
    private SQLiteDataSource dataSource;

    @BeforeEach
    void migrate() {
        dataSource = SqliteStateFile.open(dir.resolve("state.db"));
    }

    interface Work {
        void run(HeldOutbox held) throws Exception;
    }

    private void inTransaction(Work work) throws Exception {
        try (Connection tx = dataSource.getConnection()) {
            tx.setAutoCommit(false);
            work.run(new HeldOutbox(tx));
            tx.commit();
        }
    }

    private static HeldItem trigger(long person, String id) {
        return new HeldItem(person, Operation.EVENT_TRIGGER, "7", JsonNodeFactory.instance.objectNode().put("trigger_id", id), id);
    }

    private static HeldItem list(long person, boolean add, String target, String id) {
        return new HeldItem(person, add ? Operation.LIST_ADD : Operation.LIST_REMOVE, target, null, id);
    }

    @Test
    void heldItemsAreReadBackOldestFirstInALaterTransaction() throws Exception {
        inTransaction(h -> h.apply(new HeldChanges(List.of(trigger(1, "t1"), list(1, true, "name:vip", "l1"), trigger(1, "t2")), List.of()), T0));
        inTransaction(h -> {
            assertThat(h.of(1)).containsExactly(trigger(1, "t1"), list(1, true, "name:vip", "l1"), trigger(1, "t2"));
            assertThat(h.of(2)).isEmpty();
        });
    }

    @Test
    void aListChangeReplacesTheHeldChangeOfTheSameListOnly() throws Exception {
        inTransaction(h -> h.apply(new HeldChanges(List.of(list(1, true, "name:vip", "l1"), list(1, true, "name:news", "l2"),
                trigger(1, "t1"), trigger(1, "t1b")), List.of()), T0));
        inTransaction(h -> h.apply(new HeldChanges(List.of(list(1, false, "name:vip", "l3")), List.of()), T0));
        inTransaction(h -> assertThat(h.of(1)).containsExactly(list(1, true, "name:news", "l2"), trigger(1, "t1"),
                trigger(1, "t1b"), list(1, false, "name:vip", "l3")));
    }

    @Test
    void releasedPersonsHoldNothingAfterwardsAndOthersKeepTheirs() throws Exception {
        inTransaction(h -> h.apply(new HeldChanges(List.of(trigger(1, "t1"), trigger(2, "t2")), List.of()), T0));
        inTransaction(h -> {
            assertThat(h.of(1)).hasSize(1);
            h.apply(new HeldChanges(List.of(), List.of(1L)), T0);
            assertThat(h.of(1)).as("within the same transaction").isEmpty();
            h.apply(new HeldChanges(List.of(trigger(1, "t3")), List.of()), T0);
            assertThat(h.of(1)).as("held again after the release").containsExactly(trigger(1, "t3"));
        });
        inTransaction(h -> {
            assertThat(h.of(1)).containsExactly(trigger(1, "t3"));
            assertThat(h.of(2)).containsExactly(trigger(2, "t2"));
        });
    }
}
