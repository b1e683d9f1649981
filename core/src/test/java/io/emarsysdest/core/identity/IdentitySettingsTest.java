package io.emarsysdest.core.identity;

import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IdentitySettingsTest {
    @Test
    public void theDefaultsAreValidAndFollowSegmentsGuardrails() {
        IdentitySettings d = IdentitySettings.DEFAULTS;
        assertThat(d.validate()).isEmpty();
        assertThat(d.primaryKeyPaths()).containsExactly("traits.email", "context.traits.email");
        assertThat(d.maxUserIds()).isEqualTo(1);
        assertThat(d.maxPrimaryKeys()).isEqualTo(1);
        assertThat(d.maxMergesPerPerson()).isEqualTo(100);
        assertThat(d.maxIdentifiersPerPerson()).isEqualTo(1000);
    }

    @Test
    public void everySettingIsDescribed() {
        for (var c : IdentitySettings.class.getRecordComponents()) {
            assertThat(IdentitySettings.DESCRIPTIONS).containsKey(c.getName());
        }
    }

    @Test
    public void validateListsEveryProblemAtOnce() {
        IdentitySettings bad = new IdentitySettings(List.of("traits..email"), null, -1, 0, 0, 0, -1, 1,
                List.of("(unclosed"), Duration.ofSeconds(-1));
        assertThat(bad.validate()).extracting(Problem::path).containsExactlyInAnyOrder(
                "primaryKeyPaths[0]", "primaryKeyFormat", "primaryKeyMaxLength", "maxUserIds", "maxPrimaryKeys", "maxAnonymousIds",
                "maxMergesPerPerson", "maxIdentifiersPerPerson", "blockedPatterns[0]", "seenResolution");
        assertThat(new IdentitySettings(List.of(), KeyFormat.EMAIL, 255, 1, 1, 1, 1, 10, List.of(), Duration.ZERO).validate())
                .extracting(Problem::code).containsExactly("missing");
    }

    @Test
    public void theResolverRefusesInvalidSettings() {
        assertThatThrownBy(() -> new IdentityResolver(IdentitySettings.DEFAULTS.withLimits(0, 1, 1)))
                .isInstanceOf(ValidationException.class);
    }
}
