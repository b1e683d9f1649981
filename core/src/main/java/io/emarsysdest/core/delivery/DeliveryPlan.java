package io.emarsysdest.core.delivery;

import java.util.List;

/**
 * What to do with a set of claimed items in one delivery round.
 *
 * @param batches   requests to send now, each within the API's limits and each contact at most once
 * @param held      items that must wait for an earlier item of the same person in this round; release them
 *                  and claim them again once the earlier ones are settled
 * @param oversized items that cannot fit into any request on their own; they can never be delivered as they are
 */
public record DeliveryPlan(List<DeliveryBatch> batches, List<OutboxItem> held, List<OutboxItem> oversized) {
    public DeliveryPlan {
        batches = List.copyOf(batches);
        held = List.copyOf(held);
        oversized = List.copyOf(oversized);
    }
}
