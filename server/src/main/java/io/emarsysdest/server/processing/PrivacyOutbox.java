package io.emarsysdest.server.processing;

import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.store.identity.ContactDeletionRequests;
import io.emarsysdest.core.engine.ContactKey;
import io.emarsysdest.store.identity.PersonDataEraser;

import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** What a privacy deletion does to the outbox: the person's items are erased, then its contacts' deletions queued. */
public final class PrivacyOutbox {
    private PrivacyOutbox() {
    }

    /**
     * Erases the deleted persons' queued items and dead letters (see {@link OutboxRepository#erasePersons}); an
     * upsert possibly in flight holds the contact deletions back for at most {@code lease}.
     */
    public static PersonDataEraser eraser(OutboxRepository outbox, InstantSource clock, Duration lease) {
        return (tx, personIds) -> {
            if (personIds.isEmpty()) return;
            List<String> keys = personIds.stream().map(NewOutboxItem::personKey).toList();
            outbox.erasePersons(tx, keys, keys.get(0), clock.instant(), lease);
        };
    }

    /**
     * Queues one {@code CONTACT_DELETE} per contact, under the person's key (so after anything of the person still
     * on its way); the idempotency keys carry no personal data (delivered items keep them for the retention).
     */
    public static ContactDeletionRequests deletions(OutboxRepository outbox, String account, InstantSource clock) {
        return (tx, personKey, contacts) -> {
            long at = clock.millis();
            List<NewOutboxItem> items = new ArrayList<>(contacts.size());
            for (int i = 0; i < contacts.size(); i++) {
                ContactKey c = contacts.get(i);
                items.add(NewOutboxItem.delete(account, c.keyField(), c.keyValue(), "delete:" + personKey + ":" + at + ":" + i, personKey));
            }
            outbox.enqueue(tx, items, clock.instant());
        };
    }
}
