package io.emarsysdest.core.identity;

import java.util.List;

/**
 * What a privacy deletion removed.
 *
 * @param personIds     the person and every person merged into it
 * @param identifiers   all their identifiers
 * @param primaryKeyRaw the person's primary key as sent (the Emarsys contact to delete), or null if it never was a contact
 */
public record DeletedPerson(List<Long> personIds, List<Identifier> identifiers, String primaryKeyRaw) {
    public List<String> raw(IdType type) {
        return identifiers.stream().filter(i -> i.type() == type).map(Identifier::raw).toList();
    }
}
