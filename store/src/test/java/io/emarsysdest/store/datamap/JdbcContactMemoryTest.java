package io.emarsysdest.store.datamap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.datamap.ContactOperation;
import io.emarsysdest.core.delivery.Operation;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** A batch's contact memories over the JDBC store, run against every database (see the subclasses; the store's own contract: ContactMemoryStoreContract). */
abstract class JdbcContactMemoryTest {
    static final ObjectMapper JSON = new ObjectMapper();

    /** A connection (autocommit off) to a freshly migrated state database, the same one on every call of a test. */
    abstract Connection open() throws SQLException;

    static List<ContactOperation> identify(String key, String fields) throws Exception {
        ObjectNode payload = (ObjectNode) JSON.readTree(fields);
        payload.put("3", key);
        return List.of(new ContactOperation(Operation.CONTACT_UPSERT, "3", key, null, payload),
                new ContactOperation(Operation.LIST_ADD, "3", key, "555", null));
    }

    /** Processes one event's operations for person p1 in a batch of its own, committed; answers what went out. */
    List<ContactOperation> batch(String personKey, List<ContactOperation> ops) throws Exception {
        try (Connection tx = open()) {
            ContactMemoryBatch batch = new ContactMemoryBatch(new JdbcContactMemoryStore(tx));
            batch.preload(List.of(personKey));
            List<ContactOperation> out = batch.filter(personKey, ops);
            batch.flush();
            tx.commit();
            return out;
        }
    }

    @Test
    void whatWasSentIsRememberedAcrossBatches() throws Exception {
        assertThat(batch("p1", identify("a@x.io", "{\"1\":\"Ann\"}"))).hasSize(2);
        assertThat(batch("p1", identify("a@x.io", "{\"1\":\"Ann\"}"))).isEmpty();
        assertThat(batch("p2", identify("b@x.io", "{\"1\":\"Ann\"}"))).hasSize(2);
        List<ContactOperation> changed = batch("p1", identify("a@x.io", "{\"1\":\"Anna\"}"));
        assertThat(changed).extracting(ContactOperation::op).containsExactly(Operation.CONTACT_UPSERT);
    }

    @Test
    void aForgottenPersonSendsEverythingAgain() throws Exception {
        batch("p1", identify("a@x.io", "{\"1\":\"Ann\"}"));
        try (Connection tx = open()) {
            new JdbcContactMemoryStore(tx).forget(List.of("p1"));
            tx.commit();
        }
        assertThat(batch("p1", identify("a@x.io", "{\"1\":\"Ann\"}"))).hasSize(2);
    }

    @Test
    void aPrivacyDeletionErasesTheMemory() throws Exception {
        batch("p7", identify("a@x.io", "{\"1\":\"Ann\"}"));
        batch("p8", identify("b@x.io", "{\"1\":\"Bo\"}"));
        try (Connection tx = open()) {
            io.emarsysdest.store.processing.PersonErasers.processingData().erase(tx, List.of(7L));
            tx.commit();
            assertThat(new JdbcContactMemoryStore(tx).load(List.of("p7", "p8")).keySet()).containsExactly("p8");
        }
    }

    @Test
    void aMergeForgetsWithinTheBatchAndTheEmptyMemoryIsNotStored() throws Exception {
        batch("p1", identify("a@x.io", "{\"1\":\"Ann\"}"));
        try (Connection tx = open()) {
            ContactMemoryBatch batch = new ContactMemoryBatch(new JdbcContactMemoryStore(tx));
            batch.preload(List.of("p1"));
            batch.forget("p1");
            batch.flush();
            tx.commit();
            assertThat(new JdbcContactMemoryStore(tx).load(List.of("p1"))).isEmpty();
        }
    }

    @Test
    void aRolledBackBatchLeavesTheMemoryAsItWas() throws Exception {
        batch("p1", identify("a@x.io", "{\"1\":\"Ann\"}"));
        try (Connection tx = open()) {
            ContactMemoryBatch batch = new ContactMemoryBatch(new JdbcContactMemoryStore(tx));
            batch.filter("p1", identify("a@x.io", "{\"1\":\"Bea\"}"));
            batch.flush();
            tx.rollback();
        }
        assertThat(batch("p1", identify("a@x.io", "{\"1\":\"Bea\"}"))).hasSize(1);
    }

    @Test
    void loadsManyPersonsAtOnce() throws Exception {
        try (Connection tx = open()) {
            Map<String, ContactMemory> many = new java.util.HashMap<>();
            for (int i = 0; i < 1200; i++) {
                ContactMemory m = ContactMemory.empty();
                m.filter(identify("p" + i + "@x.io", "{\"1\":\"N\"}"));
                many.put("p" + i, m);
            }
            new JdbcContactMemoryStore(tx).save(many);
            tx.commit();
            List<String> keys = new java.util.ArrayList<>(many.keySet());
            keys.add("nobody");
            assertThat(new JdbcContactMemoryStore(tx).load(keys)).hasSize(1200).doesNotContainKey("nobody");
        }
    }
}
