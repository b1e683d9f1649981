package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.ContactListDirectory;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListTargetResolverTest {
    static final class FakeDirectory implements ContactListDirectory {
        final Map<String, String> lists = new HashMap<>(Map.of("vip", "7001"));
        int listCalls;
        int created;
        boolean createFails;
        String createdElsewhere;

        @Override
        public Map<String, String> lists() {
            listCalls++;
            return Map.copyOf(lists);
        }

        @Override
        public String create(String name) {
            if (createdElsewhere != null) lists.put(name, createdElsewhere);
            if (createFails || createdElsewhere != null) throw new IllegalStateException("3005 duplicate list name");
            created++;
            String id = String.valueOf(8000 + created);
            lists.put(name, id);
            return id;
        }
    }

    final FakeDirectory directory = new FakeDirectory();
    final ListTargetResolver resolver = new ListTargetResolver(directory);

    @Test
    void ids_pass_through_and_names_are_looked_up_once() {
        assertThat(resolver.resolve("555")).isEqualTo("555");
        assertThat(resolver.resolve("name:vip")).isEqualTo("7001");
        assertThat(resolver.resolve("name:vip")).isEqualTo("7001");
        assertThat(directory.listCalls).isEqualTo(1);
    }

    @Test
    void names_match_ignoring_case_as_emarsys_keeps_them_unique_regardless_of_case() {
        directory.lists.put("VIP Customers", "7002");
        assertThat(resolver.resolve("name:VIP")).isEqualTo("7001");
        assertThat(resolver.resolve("name:vip customers")).isEqualTo("7002");
        assertThat(directory.created).isZero();
    }

    @Test
    void a_missing_list_is_created_once() {
        assertThat(resolver.resolve("name:churn_risk")).isEqualTo("8001");
        assertThat(resolver.resolve("name:churn_risk")).isEqualTo("8001");
        assertThat(directory.created).isEqualTo(1);
    }

    @Test
    void a_list_created_concurrently_elsewhere_is_found_after_the_duplicate_error() {
        directory.createdElsewhere = "9009";
        assertThat(resolver.resolve("name:new_audience")).isEqualTo("9009");
    }

    @Test
    void a_failing_create_is_reported() {
        directory.createFails = true;
        assertThatThrownBy(() -> resolver.resolve("name:x")).hasMessageContaining("3005");
    }
}
