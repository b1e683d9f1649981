package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.identity.KeyFormat;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyFieldTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Field CUSTOMER_ID = new Field("1000", "Customer ID", "customer_id", FieldType.SHORTTEXT);
    private static final FieldCatalog CATALOG = withCustomerId();

    private static FieldCatalog withCustomerId() {
        List<Field> all = new ArrayList<>(StandardFields.catalog().all());
        all.add(CUSTOMER_ID);
        return new InMemoryFieldCatalog(all);
    }

    private static DataMapSet maps(String keyField, DataMap... published) {
        return DataMapSet.assemble(List.of(published), CATALOG, AudienceSync.DISABLED, keyField);
    }

    private static List<String> codes(String keyField, List<String> paths, DataMapSet maps) {
        return KeyField.problems(keyField, CATALOG, false, paths, maps).stream().map(Problem::code).toList();
    }

    @Test
    void theDefaultsWork() {
        assertThat(codes("3", List.of("traits.email", "context.traits.email"), maps("3"))).isEmpty();
        assertThat(codes("3", List.of("traits.email"), maps("3"))).isEmpty();
    }

    @Test
    void aCustomerIdPathWithTheEmailKeyFieldCannotWork() {
        List<Problem> problems = KeyField.problems("3", CATALOG, false, List.of("traits.customerId"), maps("3"));
        assertThat(problems).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("key_field_source_mismatch");
            assertThat(p.path()).isEqualTo("dataMaps.default.mappings[0]");
            assertThat(p.message()).contains("traits.customerId").contains("identity.keyField");
        });
    }

    @Test
    void aCustomerIdKeyFieldByNameWorksAndTheDefaultMapStillWritesTheEmailToField3() throws Exception {
        DataMapSet set = maps("Customer ID");
        assertThat(codes("Customer ID", List.of("traits.customerId"), set)).isEmpty();
        assertThat(set.keyField()).isEqualTo("1000");

        Event identify = new Event(1, "m1", EventType.IDENTIFY, "u1", null, Instant.EPOCH, Instant.EPOCH, null, Instant.EPOCH,
                (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree("{\"type\":\"identify\",\"userId\":\"u1\",\"traits\":{\"customerId\":\"C-1\",\"email\":\"c1@x.io\",\"firstName\":\"Cy\"}}"));
        MapResult r = set.evaluate(identify, null, "C-1");
        assertThat(r.keyField()).isEqualTo("1000");
        assertThat(r.fields().toString()).isEqualTo("{\"3\":\"c1@x.io\",\"1\":\"Cy\",\"1000\":\"C-1\"}");
        assertThat(r.operations()).allSatisfy(op -> assertThat(op.keyField()).isEqualTo("1000"));
    }

    @Test
    void unknownReadOnlyAndUnsuitableKeyFieldsAreReported() {
        assertThat(codes("customer_number", List.of("traits.customerId"), maps("customer_number"))).contains("unknown_field");
        assertThat(codes("0", List.of("traits.interests"), maps("0"))).contains("read_only_field");
        assertThat(codes("5", List.of("traits.gender"), maps("5"))).contains("unsuitable_key_field");
        assertThat(codes("4", List.of("traits.birthday"), maps("4"))).contains("unsuitable_key_field");
    }

    @Test
    void aNumericIdMissingFromTheFallbackCatalogIsAcceptedUntilEmarsysCanBeRead() {
        FieldCatalog fallback = StandardFields.catalog();
        DataMapSet set = DataMapSet.assemble(List.of(), fallback, AudienceSync.DISABLED, "1000");
        assertThat(KeyField.problems("1000", fallback, true, List.of("traits.customerId"), set)).isEmpty();
        assertThat(KeyField.problems("Customer ID", fallback, true, List.of("traits.customerId"), set))
                .extracting(Problem::code).containsExactly("unknown_field");
    }

    @Test
    void aMapNamingAnotherKeyFieldIsRefused() {
        DataMap crm = new DataMap("crm", null, null, true, "3", null, null, List.of(Mapping.path("First Name", "traits.firstName")), null);
        DataMapSet set = maps("1000", crm);
        assertThat(set.maps()).extracting(CompiledDataMap::id).containsExactly("default");
        assertThat(codes("1000", List.of("traits.customerId"), set)).containsExactly("key_field_mismatch");
        assertThat(DataMapCompiler.compile(crm, CATALOG, "1000").problems()).extracting(Problem::code).containsExactly("key_field_mismatch");
    }

    @Test
    void theKeyFormatFollowsTheField() {
        assertThat(KeyField.format(StandardFields.catalog().resolve("3").orElseThrow())).isEqualTo(KeyFormat.EMAIL);
        assertThat(KeyField.format(CUSTOMER_ID)).isEqualTo(KeyFormat.TEXT);
        assertThat(KeyField.maxLength(CUSTOMER_ID)).isEqualTo(60);
        assertThat(KeyField.format(new Field("1001", "Loyalty Number", null, FieldType.NUMERIC))).isEqualTo(KeyFormat.NUMBER);
    }
}
