package io.emarsysdest.core.delivery;

import org.junit.jupiter.api.Test;

import static io.emarsysdest.core.delivery.Operation.CONTACT_DELETE;
import static io.emarsysdest.core.delivery.Operation.CONTACT_UPSERT;
import static io.emarsysdest.core.delivery.Operation.EVENT_TRIGGER;
import static io.emarsysdest.core.delivery.Operation.LIST_ADD;
import static io.emarsysdest.core.delivery.Operation.LIST_REMOVE;
import static org.assertj.core.api.Assertions.assertThat;

class OperationsTest {
    @Test
    void everythingWaitsForAnEarlierContactWrite() {
        for (Operation later : Operation.values()) {
            assertThat(Operations.mustWaitFor(later, "7", CONTACT_UPSERT, null)).isTrue();
            assertThat(Operations.mustWaitFor(later, "7", CONTACT_DELETE, null)).isTrue();
        }
    }

    @Test
    void listChangesWaitOnlyForEarlierChangesOfTheSameList() {
        assertThat(Operations.mustWaitFor(LIST_REMOVE, "7", LIST_ADD, "7")).isTrue();
        assertThat(Operations.mustWaitFor(LIST_ADD, "7", LIST_REMOVE, "7")).isTrue();
        assertThat(Operations.mustWaitFor(LIST_ADD, "8", LIST_ADD, "7")).isFalse();
        assertThat(Operations.mustWaitFor(EVENT_TRIGGER, "42", LIST_ADD, "7")).isFalse();
        assertThat(Operations.mustWaitFor(CONTACT_UPSERT, null, LIST_ADD, "7")).isFalse();
    }

    @Test
    void aTriggerHoldsNothingBack() {
        for (Operation later : Operation.values()) {
            assertThat(Operations.mustWaitFor(later, "7", EVENT_TRIGGER, "42")).isFalse();
        }
    }
}
