package io.emarsysdest.core.datamap;

import io.emarsysdest.core.delivery.Operation;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the processor writes to the outbox for a MapResult. */
class MapResultOperationsTest {
    final DataMapSet set = DataMapSet.assemble(List.of(), StandardFields.catalog(), AudienceSync.defaults(List.of()));

    List<ContactOperation> ops(String event, String key) {
        return set.evaluate(TestEvents.event(event), null, key).operations();
    }

    @Test
    void an_identify_with_traits_is_one_upsert() {
        List<ContactOperation> ops = ops("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"a@b.c\",\"firstName\":\"Ann\"}}", null);
        assertThat(ops).hasSize(1);
        assertThat(ops.get(0).op()).isEqualTo(Operation.CONTACT_UPSERT);
        assertThat(ops.get(0).payload()).isEqualTo(TestEvents.json("{\"1\":\"Ann\",\"3\":\"a@b.c\"}"));
        assertThat(ops.get(0).keyField()).isEqualTo("3");
        assertThat(ops.get(0).keyValue()).isEqualTo("a@b.c");
    }

    @Test
    void an_audience_entry_upserts_the_bare_key_first_so_the_contact_exists() {
        List<ContactOperation> ops = ops("""
                {"type":"identify","userId":"u","traits":{"email":"a@b.c","vip":true},
                 "context":{"personas":{"computation_class":"audience","computation_key":"vip"}}}""", null);
        assertThat(ops).extracting(ContactOperation::op).containsExactly(Operation.CONTACT_UPSERT, Operation.LIST_ADD);
        assertThat(ops.get(0).payload()).isEqualTo(TestEvents.json("{\"3\":\"a@b.c\"}"));
        assertThat(ops.get(1).target()).isEqualTo("name:vip");
        assertThat(ops.get(1).payload()).isNull();
    }

    @Test
    void an_audience_exit_only_removes() {
        List<ContactOperation> ops = ops("""
                {"type":"identify","userId":"u","traits":{"vip":false},
                 "context":{"personas":{"computation_class":"audience","computation_key":"vip"}}}""", "a@b.c");
        assertThat(ops).extracting(ContactOperation::op, ContactOperation::target)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Operation.LIST_REMOVE, "name:vip"));
    }

    @Test
    void without_a_key_nothing_can_be_sent() {
        assertThat(ops("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"firstName\":\"Ann\"}}", null)).isEmpty();
    }
}
