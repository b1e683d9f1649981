package io.emarsysdest.core.delivery;

import java.util.List;
import java.util.Objects;

/** What came of sending one {@link DeliveryBatch}. */
public sealed interface BatchOutcome {

    /**
     * Emarsys answered the request; each item has its own result, in the batch's item order
     * (per-item errors from {@code data.errors} are mapped back to the items that caused them).
     */
    record Answered(List<ItemOutcome> items) implements BatchOutcome {
        public Answered {
            items = List.copyOf(items);
        }
    }

    /** The request as a whole failed (HTTP error, bad envelope, network); every item shares the failure. */
    record RequestFailed(Failure failure) implements BatchOutcome {
        public RequestFailed {
            Objects.requireNonNull(failure, "failure");
        }
    }

    /** One item's result inside an answered request. */
    sealed interface ItemOutcome {
        record Delivered() implements ItemOutcome {
        }

        record Failed(Failure failure) implements ItemOutcome {
        }

        ItemOutcome DELIVERED = new Delivered();
    }
}
