package io.emarsysdest.core.engine;

import java.util.Collection;
import java.util.List;

/** Table {@code refused_keys}: refused primary key values, for operators; the newest {@link RefusedKey#KEPT} are kept. */
public interface RefusedKeyStore {
    /** Adds the refusals in order (the last is the newest) and drops the oldest beyond {@link RefusedKey#KEPT}. */
    void record(List<RefusedKey> refused);

    /** Newest first. */
    List<RefusedKey> latest(int limit);

    long count();

    /** A privacy deletion: the refusals of these persons. */
    void erase(Collection<Long> personIds);
}
