package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.ContactListDirectory;
import io.emarsysdest.core.datamap.ListTarget;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an outbox list target into an Emarsys list id for delivery: an id stays as it is; {@code name:<list name>}
 * (an audience without an explicit list) is looked up in a cache, then in the account's lists, and created when
 * missing. Only misses touch Emarsys, so a first sync of a large audience costs one lookup, not one per member.
 */
public final class ListTargetResolver {
    private final ContactListDirectory directory;
    private final Map<String, String> idsByName = new ConcurrentHashMap<>();

    public ListTargetResolver(ContactListDirectory directory) {
        this.directory = Objects.requireNonNull(directory, "directory");
    }

    /** The list id for an outbox target ({@link ListTarget#toTarget()} form). */
    public String resolve(String target) {
        ListTarget t = ListTarget.fromTarget(target);
        if (t instanceof ListTarget.ById b) return b.listId();
        String name = ((ListTarget.ByName) t).name();
        String id = idsByName.get(name);
        return id != null ? id : miss(name);
    }

    private synchronized String miss(String name) {
        String id = idsByName.get(name);
        if (id != null) return id;
        idsByName.putAll(directory.lists());
        id = idsByName.get(name);
        if (id != null) return id;
        try {
            id = directory.create(name);
        } catch (RuntimeException e) {
            // another process may have created it in the meantime: read again before giving up
            idsByName.putAll(directory.lists());
            id = idsByName.get(name);
            if (id == null) throw e;
        }
        idsByName.put(name, id);
        return id;
    }

    /** Forget cached ids (e.g. after a list was deleted in Emarsys and delivery got 3006). */
    public void forget(String name) {
        idsByName.remove(name);
    }
}
