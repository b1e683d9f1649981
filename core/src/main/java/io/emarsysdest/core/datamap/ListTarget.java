package io.emarsysdest.core.datamap;

import java.util.Objects;

/**
 * An Emarsys contact list, either by id or by name. Names are resolved to ids by the delivery side (list cache,
 * {@code POST /contactlist} when missing), so the core never needs the Emarsys client.
 */
public sealed interface ListTarget {

    record ById(String listId) implements ListTarget {
        public ById {
            Objects.requireNonNull(listId, "listId");
        }
    }

    record ByName(String name) implements ListTarget {
        public ByName {
            Objects.requireNonNull(name, "name");
        }
    }

    /**
     * The outbox target text: the list id itself for {@link ById}, {@code "name:<list name>"} for {@link ByName}.
     * Emarsys list ids are numeric, so the two never collide.
     */
    default String toTarget() {
        return switch (this) {
            case ById b -> b.listId();
            case ByName n -> "name:" + n.name();
        };
    }

    static ListTarget fromTarget(String target) {
        return target.startsWith("name:") ? new ByName(target.substring(5)) : new ById(target);
    }
}
