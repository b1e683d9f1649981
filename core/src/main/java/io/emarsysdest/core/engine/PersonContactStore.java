package io.emarsysdest.core.engine;

import java.time.Instant;
import java.util.Collection;
import java.util.List;

/**
 * Table {@code person_contact}: every Emarsys contact key an upsert of a person went out with. A person can leave
 * several contacts behind (an e-mail change whose rename could not happen because the new address existed already),
 * and a privacy deletion must delete all.
 */
public interface PersonContactStore {
    /** Records contacts of persons; a contact already recorded for the person keeps its first time. */
    void record(Collection<PersonContact> entries, Instant now);

    /** The contacts recorded for these persons together, oldest first, each once. */
    List<ContactKey> of(Collection<String> personKeys);

    /** Forgets these persons' contacts (after a privacy deletion). */
    void forget(Collection<String> personKeys);
}
