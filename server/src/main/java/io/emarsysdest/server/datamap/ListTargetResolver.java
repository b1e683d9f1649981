package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.ContactListDirectory;
import io.emarsysdest.core.datamap.ListTarget;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns an outbox list target into an Emarsys list id for delivery: an id stays as it is; {@code name:<list name>}
 * (an audience without an explicit list) is looked up in a cache, then in the account's lists, and created when
 * missing. Only misses touch Emarsys, so a first sync of a large audience costs one lookup, not one per member.
 * Names are matched ignoring case, as Emarsys keeps list and external-event names unique regardless of case: an
 * audience {@code vip} joins an existing list {@code VIP} instead of failing to create a second one (3005).
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
        String id = idsByName.get(fold(name));
        return id != null ? id : miss(name);
    }

    /** How Emarsys compares names: ignoring case. */
    static String fold(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    private synchronized String miss(String name) {
        String id = idsByName.get(fold(name));
        if (id != null) return id;
        readAll();
        id = idsByName.get(fold(name));
        if (id != null) return id;
        try {
            id = directory.create(name);
        } catch (RuntimeException e) {
            // another process may have created it in the meantime: read again before giving up
            readAll();
            id = idsByName.get(fold(name));
            if (id == null) throw e;
        }
        idsByName.put(fold(name), id);
        return id;
    }

    private void readAll() {
        for (Map.Entry<String, String> e : directory.lists().entrySet()) idsByName.putIfAbsent(fold(e.getKey()), e.getValue());
    }

    /** Forget cached ids (e.g. after a list was deleted in Emarsys and delivery got 3006). */
    public void forget(String name) {
        idsByName.remove(fold(name));
    }
}
