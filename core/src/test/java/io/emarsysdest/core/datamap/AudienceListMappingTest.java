package io.emarsysdest.core.datamap;

import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AudienceListMappingTest {
    private static AudienceListMapping byName(String key) {
        return new AudienceListMapping(key, new ListTarget.ByName("VIP"), true);
    }

    @Test
    void snakeCasedKeysAreAccepted() {
        assertThat(byName("vip_customers").validate()).isEmpty();
        assertThat(byName("order_completed_last_30days").validate()).isEmpty();
    }

    @Test
    void aKeyEngageWouldNeverSendIsRefusedWithTheSnakeCasedForm() {
        for (String key : new String[] {"VIP Customers", "vipCustomers", "vip-customers", "_vip", "Vip"}) {
            assertThat(byName(key).validate()).as(key).extracting(Problem::path, Problem::code)
                    .containsExactly(org.assertj.core.groups.Tuple.tuple("audienceKey", "not_snake_case"));
        }
        assertThat(byName("VIP Customers").validate().get(0).message()).contains("'vip_customers'");
        assertThat(byName("vipCustomers").validate().get(0).message()).contains("'vip_customers'");
    }
}
