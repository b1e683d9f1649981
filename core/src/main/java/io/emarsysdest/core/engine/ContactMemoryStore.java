package io.emarsysdest.core.engine;

import io.emarsysdest.core.datamap.ContactMemory;

import java.util.Collection;
import java.util.Map;

/** Table {@code contact_memory}: what was last sent to Emarsys per person key (see {@link ContactMemory}). */
public interface ContactMemoryStore {
    /** The stored memories of these person keys; keys with none (nothing sent) are absent from the answer. */
    Map<String, ContactMemory> load(Collection<String> personKeys);

    /** Writes these memories, replacing what was stored; an empty memory deletes the row. */
    void save(Map<String, ContactMemory> memories);

    /** Forgets these persons' memories: their next events send everything again. */
    void forget(Collection<String> personKeys);
}
