package io.emarsysdest.core.datamap;

/**
 * A contact-list membership change a map makes for matching events, e.g. group calls → add to list {@code groupId},
 * or "Newsletter Unsubscribed" → remove from list 555.
 *
 * @param list      a fixed list: {@code ListTarget.ById} or {@code ListTarget.ByName}; null when {@code listFrom} is set
 * @param listFrom  a path whose value is the list id (e.g. {@code groupId}); null when {@code list} is set
 * @param add       true = add the contact, false = remove it
 * @param appliesTo which events; parts left null come from the map
 */
public record ListRule(ListTarget list, String listFrom, boolean add, AppliesTo appliesTo) {
}
