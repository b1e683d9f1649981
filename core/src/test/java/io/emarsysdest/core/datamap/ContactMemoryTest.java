package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ContactMemoryTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String JANE = "jane@example.com";

    static ContactOperation upsert(String key, String fieldsJson) throws Exception {
        ObjectNode payload = (ObjectNode) JSON.readTree(fieldsJson);
        payload.put("3", key);
        return new ContactOperation(Operation.CONTACT_UPSERT, "3", key, null, payload);
    }

    static ContactOperation list(Operation op, String key, String target) {
        return new ContactOperation(op, "3", key, target, null);
    }

    @Test
    void theFirstUpsertGoesOutWhole() throws Exception {
        ContactMemory m = ContactMemory.empty();
        List<ContactOperation> out = m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\",\"2\":\"Doe\"}")));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).payload()).isEqualTo(JSON.readTree("{\"1\":\"Jane\",\"2\":\"Doe\",\"3\":\"jane@example.com\"}"));
    }

    @Test
    void theSameValuesAgainSendNothing() throws Exception {
        ContactMemory m = ContactMemory.empty();
        m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\",\"2\":\"Doe\"}")));
        assertThat(m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\",\"2\":\"Doe\"}")))).isEmpty();
        assertThat(m.filter(List.of(upsert(JANE, "{\"2\":\"Doe\"}")))).isEmpty();
    }

    @Test
    void onlyTheChangedFieldsAreSentWithTheKey() throws Exception {
        ContactMemory m = ContactMemory.empty();
        m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\",\"2\":\"Doe\",\"31\":1}")));
        List<ContactOperation> out = m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\",\"2\":\"Smith\",\"31\":1,\"12\":\"DE\"}")));
        assertThat(out).hasSize(1);
        assertThat(out.get(0).payload().toString()).isEqualTo("{\"2\":\"Smith\",\"12\":\"DE\",\"3\":\"jane@example.com\"}");
    }

    @Test
    void aValueOfAnotherTypeIsAChange() throws Exception {
        ContactMemory m = ContactMemory.empty();
        m.filter(List.of(upsert(JANE, "{\"31\":1}")));
        assertThat(m.filter(List.of(upsert(JANE, "{\"31\":\"1\"}")))).hasSize(1);
        assertThat(m.filter(List.of(upsert(JANE, "{\"31\":null}")))).hasSize(1);
    }

    @Test
    void anotherKeyStartsFromNothing() throws Exception {
        ContactMemory m = ContactMemory.empty();
        m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\"}"), list(Operation.LIST_ADD, JANE, "555")));
        List<ContactOperation> out = m.filter(List.of(upsert("jane@new.example", "{\"1\":\"Jane\"}"), list(Operation.LIST_ADD, "jane@new.example", "555")));
        assertThat(out).extracting(ContactOperation::op).containsExactly(Operation.CONTACT_UPSERT, Operation.LIST_ADD);
        assertThat(out.get(0).payload().get("1").textValue()).isEqualTo("Jane");
    }

    @Test
    void aListChangeIsSentOnlyWhenItDiffersFromTheLastOne() throws Exception {
        ContactMemory m = ContactMemory.empty();
        assertThat(m.filter(List.of(list(Operation.LIST_ADD, JANE, "555")))).hasSize(1);
        assertThat(m.filter(List.of(list(Operation.LIST_ADD, JANE, "555")))).isEmpty();
        assertThat(m.filter(List.of(list(Operation.LIST_ADD, JANE, "name:VIP")))).hasSize(1);
        assertThat(m.filter(List.of(list(Operation.LIST_REMOVE, JANE, "555")))).hasSize(1);
        assertThat(m.filter(List.of(list(Operation.LIST_REMOVE, JANE, "555")))).isEmpty();
        assertThat(m.filter(List.of(list(Operation.LIST_ADD, JANE, "555")))).hasSize(1);
    }

    @Test
    void aBareKeyUpsertCreatesTheContactOnce() throws Exception {
        ContactMemory m = ContactMemory.empty();
        List<ContactOperation> first = m.filter(List.of(upsert(JANE, "{}"), list(Operation.LIST_ADD, JANE, "555")));
        assertThat(first).extracting(ContactOperation::op).containsExactly(Operation.CONTACT_UPSERT, Operation.LIST_ADD);
        List<ContactOperation> second = m.filter(List.of(upsert(JANE, "{}"), list(Operation.LIST_ADD, JANE, "777")));
        assertThat(second).extracting(ContactOperation::op).containsExactly(Operation.LIST_ADD);
    }

    @Test
    void aBareKeyUpsertIsNotNeededOnceFieldsWereSent() throws Exception {
        ContactMemory m = ContactMemory.empty();
        m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\"}")));
        assertThat(m.filter(List.of(upsert(JANE, "{}"), list(Operation.LIST_ADD, JANE, "555"))))
                .extracting(ContactOperation::op).containsExactly(Operation.LIST_ADD);
    }

    @Test
    void triggersAlwaysPass() throws Exception {
        ContactMemory m = ContactMemory.empty();
        ContactOperation trigger = new ContactOperation(Operation.EVENT_TRIGGER, "3", JANE, "1001", null);
        assertThat(m.filter(List.of(trigger))).containsExactly(trigger);
        assertThat(m.filter(List.of(trigger))).containsExactly(trigger);
    }

    @Test
    void theMemorySurvivesItsStoredForm() throws Exception {
        ContactMemory m = ContactMemory.empty();
        m.filter(List.of(upsert(JANE, "{\"1\":\"Jane\",\"2\":\"Doe\"}"), list(Operation.LIST_ADD, JANE, "555")));
        ContactMemory read = ContactMemory.fromJson(JSON.readTree(m.toJson().toString()));
        assertThat(read.filter(List.of(upsert(JANE, "{\"1\":\"Jane\",\"2\":\"Doe\"}"), list(Operation.LIST_ADD, JANE, "555")))).isEmpty();
        assertThat(read.filter(List.of(upsert(JANE, "{\"2\":\"Roe\"}")))).hasSize(1);
    }

    @Test
    void anUnreadableStoredFormMeansEverythingIsSentAgain() throws Exception {
        for (String stored : new String[]{"null", "[]", "{}", "{\"k\":5}"}) {
            ContactMemory read = ContactMemory.fromJson(JSON.readTree(stored));
            assertThat(read.isEmpty()).isTrue();
            assertThat(read.filter(List.of(upsert(JANE, "{\"1\":\"Jane\"}")))).hasSize(1);
        }
    }
}
