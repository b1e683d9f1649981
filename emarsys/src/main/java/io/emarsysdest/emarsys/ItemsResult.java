package io.emarsysdest.emarsys;

import java.util.List;

/**
 * Outcome of a batch call that answered replyCode 0: the ids Emarsys reported (contact ids), per-item errors keyed by
 * key value, and the count Emarsys reported ({@code inserted_contacts}, {@code deleted_contacts}), null when none.
 */
public record ItemsResult(List<String> ids, List<ItemError> errors, Integer count) {
    public ItemsResult {
        ids = List.copyOf(ids);
        errors = List.copyOf(errors);
    }
}
