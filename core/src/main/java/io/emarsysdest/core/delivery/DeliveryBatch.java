package io.emarsysdest.core.delivery;

import java.util.List;

/**
 * One request to Emarsys: items sharing the endpoint, key field and target (event id or list id).
 * Built by the batch planner within the API's limits (≤ 1000 items, byte caps), each contact at most once.
 *
 * @param account  which configured Emarsys account (API user) sends it
 * @param op       the endpoint
 * @param keyField the key field id as Emarsys expects in {@code key_id}, for example "3" for e-mail
 * @param target   the external event id or contact list id; null for upserts and deletes
 * @param items    the elements, in order
 */
public record DeliveryBatch(String account, Operation op, String keyField, String target, List<BatchItem> items) {
    public DeliveryBatch {
        items = List.copyOf(items);
    }
}
