package io.emarsysdest.server.delivery;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.delivery.RetryPolicy;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DeliverySettingsTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void replacesOnlyTheGivenSettingsOfTheDefaults() throws Exception {
        DeliverySettings s = DeliverySettings.fromOverrides(json.readTree(
                "{\"requestsPerMinute\": 500, \"linger\": \"PT0.05S\", \"jitter\": \"DECORRELATED\"}"));

        assertThat(s.requestsPerMinute()).isEqualTo(500);
        assertThat(s.linger()).isEqualTo(Duration.ofMillis(50));
        assertThat(s.jitter()).isEqualTo(RetryPolicy.Jitter.DECORRELATED);
        assertThat(s.maxAge()).isEqualTo(DeliverySettings.DEFAULTS.maxAge());
        assertThat(DeliverySettings.fromOverrides(null)).isEqualTo(DeliverySettings.DEFAULTS);
    }

    @Test
    void reportsUnknownNamesAllTogether() throws Exception {
        assertThatThrownBy(() -> DeliverySettings.fromOverrides(json.readTree("{\"requestPerMinute\": 5, \"lingr\": 1}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("requestPerMinute", "lingr"));
    }

    @Test
    void reportsAValueOfTheWrongTypeByName() throws Exception {
        assertThatThrownBy(() -> DeliverySettings.fromOverrides(json.readTree("{\"lease\": \"two minutes\"}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .singleElement().satisfies(p -> assertThat(p.path()).isEqualTo("lease")));
    }

    @Test
    void reportsEveryOutOfRangeSetting() throws Exception {
        assertThatThrownBy(() -> DeliverySettings.fromOverrides(json.readTree(
                "{\"requestsPerMinute\": 0, \"maxItemsPerRequest\": 5000, \"lease\": \"PT1S\", \"workersPerAccount\": 0}")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(Problem::path)
                        .containsExactlyInAnyOrder("requestsPerMinute", "maxItemsPerRequest", "lease", "workersPerAccount"));
    }

    @Test
    void describesEverySetting() {
        assertThat(DeliverySettings.DEFAULTS.validate()).isEmpty();
        assertThat(DeliverySettings.DESCRIPTIONS.keySet()).containsExactlyInAnyOrderElementsOf(
                Arrays.stream(DeliverySettings.class.getRecordComponents()).map(c -> c.getName()).toList());
    }
}
