package io.emarsysdest.core.identity;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class BlockedValuesTest {
    private final BlockedValues blocked = new BlockedValues(List.of());

    @Test
    void everyBuiltInValueIsBlockedInAnyCase() {
        for (String v : BlockedValues.BUILT_IN) {
            assertThat(blocked.isBlocked(v)).as(v).isTrue();
            assertThat(blocked.isBlocked(v.toUpperCase(Locale.ROOT))).as(v).isTrue();
        }
    }

    @Test
    void realIdentifiersOfAnyLengthAreNot() {
        for (String v : List.of("a", "-2", "nul", "user-1234", "anon-123", "anonymous1", "p1@example.com",
                "6a1f0c9e-3b4d-4c55-9d2e-7f0b1a2c3d4e", "undefinedx")) {
            assertThat(blocked.isBlocked(v)).as(v).isFalse();
        }
    }
}
