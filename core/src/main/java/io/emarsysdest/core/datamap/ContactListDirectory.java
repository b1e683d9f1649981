package io.emarsysdest.core.datamap;

import java.util.Map;

/**
 * The account's contact lists, as far as list targets by name need them. Implemented over the Emarsys client:
 * {@code GET /contactlist} and {@code POST /contactlist} (emarsys-api.md §9).
 */
public interface ContactListDirectory {

    /** Every list: name → id. */
    Map<String, String> lists();

    /**
     * Creates an empty list ({@code {"key_id":"3","name":…,"external_ids":[]}}) and returns its id. May throw when
     * the name is taken (3005, e.g. created concurrently); the resolver then reads the lists again.
     */
    String create(String name);
}
