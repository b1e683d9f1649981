package io.emarsysdest.testkit.engine;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.ContactMemory;
import io.emarsysdest.core.datamap.ContactOperation;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.engine.ContactMemoryStore;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link ContactMemoryStore} must do; each implementation's test extends this. */
public abstract class ContactMemoryStoreContract extends PortContract<ContactMemoryStore> {
    /** A memory that has sent an upsert of {@code key} with field 1 = {@code name}, and the list 555. */
    private static ContactMemory sent(String key, String name) {
        ObjectNode payload = JsonNodeFactory.instance.objectNode().put("1", name).put("3", key);
        ContactMemory m = ContactMemory.empty();
        m.filter(List.of(new ContactOperation(Operation.CONTACT_UPSERT, "3", key, null, payload),
                new ContactOperation(Operation.LIST_ADD, "3", key, "555", null)));
        return m;
    }

    /** What is stored for these keys, as comparable text. */
    private static Map<String, String> stored(ContactMemoryStore s, String... keys) {
        Map<String, String> out = new TreeMap<>();
        s.load(List.of(keys)).forEach((k, m) -> out.put(k, m.toJson().toString()));
        return out;
    }

    private Map<String, String> storedNow(String... keys) {
        return committed(s -> stored(s, keys));
    }

    @Test
    void aSavedMemoryIsReadBackInALaterTransactionAndNothingStoredIsAbsent() {
        assertThat(storedNow("p1")).isEmpty();
        assertRollbackLeavesNothing(s -> s.save(Map.of("p1", sent("a@x.io", "Ann"))), s -> stored(s, "p1"));

        commit(s -> s.save(Map.of("p1", sent("a@x.io", "Ann"), "p2", sent("b@x.io", "Bo"))));

        assertThat(storedNow("p1", "p2", "p3")).containsOnly(
                Map.entry("p1", sent("a@x.io", "Ann").toJson().toString()),
                Map.entry("p2", sent("b@x.io", "Bo").toJson().toString()));
    }

    @Test
    void savingAgainReplacesTheMemory() {
        commit(s -> s.save(Map.of("p1", sent("a@x.io", "Ann"))));
        assertRollbackLeavesNothing(s -> s.save(Map.of("p1", sent("a@x.io", "Anna"))), s -> stored(s, "p1"));

        commit(s -> s.save(Map.of("p1", sent("a@x.io", "Anna"))));

        assertThat(storedNow("p1")).containsExactly(Map.entry("p1", sent("a@x.io", "Anna").toJson().toString()));
    }

    @Test
    void anEmptyMemoryIsNotStored() {
        commit(s -> s.save(Map.of("p1", sent("a@x.io", "Ann"))));
        assertRollbackLeavesNothing(s -> s.save(Map.of("p1", ContactMemory.empty())), s -> stored(s, "p1"));

        commit(s -> s.save(Map.of("p1", ContactMemory.empty(), "p2", ContactMemory.empty())));

        assertThat(storedNow("p1", "p2")).isEmpty();
    }

    @Test
    void forgottenMemoriesAreGoneAndOthersStay() {
        commit(s -> s.save(Map.of("p1", sent("a@x.io", "Ann"), "p2", sent("b@x.io", "Bo"))));
        assertRollbackLeavesNothing(s -> s.forget(List.of("p1")), s -> stored(s, "p1", "p2"));

        commit(s -> s.forget(List.of("p1", "nobody")));
        commit(s -> s.forget(List.of()));

        assertThat(storedNow("p1", "p2").keySet()).containsExactly("p2");
    }

    @Test
    void aLoadedMemoryChangedButNotSavedLeavesTheStoredOneAsItWas() {
        commit(s -> s.save(Map.of("p1", sent("a@x.io", "Ann"))));
        String before = storedNow("p1").get("p1");

        commit(s -> s.load(List.of("p1")).get("p1").filter(List.of(new ContactOperation(Operation.CONTACT_UPSERT, "3",
                "a@x.io", null, JsonNodeFactory.instance.objectNode().put("1", "Bea").put("3", "a@x.io")))));

        assertThat(storedNow("p1").get("p1")).isEqualTo(before);
    }

    @Test
    void loadsManyPersonsAtOnce() {
        Map<String, ContactMemory> many = new HashMap<>();
        for (int i = 0; i < 1200; i++) many.put("p" + i, sent("p" + i + "@x.io", "N"));
        commit(s -> s.save(many));
        List<String> keys = new ArrayList<>(many.keySet());
        keys.add("nobody");

        Map<String, ContactMemory> loaded = committed(s -> s.load(keys));
        assertThat(loaded).hasSize(1200).doesNotContainKey("nobody");
    }
}
