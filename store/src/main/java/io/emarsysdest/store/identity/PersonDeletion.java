package io.emarsysdest.store.identity;

import io.emarsysdest.core.engine.ContactKey;
import io.emarsysdest.core.delivery.NewOutboxItem;
import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.Identifier;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.PersonEventHistory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A privacy deletion: the person's stored events are purged from the event log first (so a retry after a failure
 * still finds the person), then the person, every person merged into it and their identifiers are deleted in one
 * transaction together with the requests to delete the Emarsys contacts and whatever the erasers remove (rule state,
 * held triggers, queued items and dead letters). Events stored in between are purged too.
 * <p>
 * The contacts deleted are every contact the service created or updated for the person ({@link JdbcPersonContactStore}:
 * the key values its upserts went out with, so an old e-mail whose contact could not be renamed is included) and
 * the person's primary keys, current and previous (persons from before contacts were recorded).
 */
public final class PersonDeletion {
    /** Runs a unit of work in one write transaction that commits when it returns and rolls back when it throws. */
    @FunctionalInterface
    public interface Writer {
        <T> T inTransaction(Work<T> work) throws Exception;
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection tx) throws SQLException;
    }

    private final DataSource state;
    private final PersonEventHistory history;
    private final ContactDeletionRequests contacts;
    private final UsersTable usersTable;
    private final List<PersonDataEraser> erasers;
    private final Writer writer;
    private final String primaryKeyField;

    /** Deletes in a transaction of its own on {@code state} (SQLite makes it wait for the processor's batch). */
    public PersonDeletion(DataSource state, PersonEventHistory history, ContactDeletionRequests contacts, UsersTable usersTable) {
        this(state, history, contacts, usersTable, List.of(), null);
    }

    /** As below, with the users table's primary keys being e-mails (Emarsys key field 3). */
    public PersonDeletion(DataSource state, PersonEventHistory history, ContactDeletionRequests contacts, UsersTable usersTable,
                          List<PersonDataEraser> erasers, Writer writer) {
        this(state, history, contacts, usersTable, erasers, writer, "3");
    }

    /**
     * @param erasers other areas' person data to delete in the same transaction
     * @param writer  where the deleting transaction runs, e.g. on the event processor's thread (the single writer);
     *                null for a transaction of its own on {@code state}
     * @param primaryKeyField the Emarsys key field the users table's primary keys are values of
     */
    public PersonDeletion(DataSource state, PersonEventHistory history, ContactDeletionRequests contacts, UsersTable usersTable,
                          List<PersonDataEraser> erasers, Writer writer, String primaryKeyField) {
        this.state = state;
        this.history = history;
        this.contacts = contacts;
        this.usersTable = usersTable;
        this.erasers = List.copyOf(erasers);
        this.writer = writer != null ? writer : this::ownTransaction;
        this.primaryKeyField = primaryKeyField;
    }

    /**
     * What was deleted.
     *
     * @param contacts the Emarsys contacts whose deletion was queued
     */
    public record Outcome(DeletedPerson person, long eventsPurged, List<ContactKey> contacts) {
        public Outcome {
            contacts = List.copyOf(contacts);
        }

        public boolean contactDeletionRequested() {
            return !contacts.isEmpty();
        }
    }

    private record StateOutcome(DeletedPerson person, List<ContactKey> contacts) {
    }

    /** @return null when no such person (or it was deleted already) */
    public Outcome delete(long personId) throws Exception {
        Set<String> users = new LinkedHashSet<>();
        Set<String> anons = new LinkedHashSet<>();
        try (Connection c = state.getConnection()) {
            JdbcPersonRepository repo = new JdbcPersonRepository(c);
            if (repo.find(personId) == null) return null;
            for (IdentityRecord r : repo.identifiers(personId)) collect(r.id().type(), r.id().raw(), users, anons);
        }
        long purged = users.isEmpty() && anons.isEmpty() ? 0 : history.purge(users, anons);

        StateOutcome out;
        try {
            out = writer.inTransaction(tx -> deleteIn(tx, personId));
        } finally {
            usersTable.invalidate(); // the processor's cache may hold the person
        }
        if (out == null) return null;
        Set<String> lateUsers = new LinkedHashSet<>();
        Set<String> lateAnons = new LinkedHashSet<>();
        for (var id : out.person().identifiers()) {
            if (id.type() == IdType.USER_ID && !users.contains(id.raw())) lateUsers.add(id.raw());
            if (id.type() == IdType.ANONYMOUS_ID && !anons.contains(id.raw())) lateAnons.add(id.raw());
        }
        if (!lateUsers.isEmpty() || !lateAnons.isEmpty()) purged += history.purge(lateUsers, lateAnons);
        return new Outcome(out.person(), purged, out.contacts());
    }

    private StateOutcome deleteIn(Connection tx, long personId) throws SQLException {
        DeletedPerson deleted = new JdbcPersonRepository(tx).delete(personId);
        if (deleted == null) return null;
        List<String> personKeys = deleted.personIds().stream().map(NewOutboxItem::personKey).toList();
        List<ContactKey> toDelete = new ArrayList<>(new JdbcPersonContactStore(tx).of(personKeys));
        for (Identifier id : deleted.identifiers()) {
            ContactKey k = new ContactKey(primaryKeyField, id.raw());
            if (id.type() == IdType.PRIMARY_KEY && !toDelete.contains(k)) toDelete.add(k);
        }
        new JdbcPersonContactStore(tx).forget(personKeys);
        // the erasers first: the outbox's erases the person's queued items, the deletions are queued after them
        for (PersonDataEraser e : erasers) e.erase(tx, deleted);
        if (!toDelete.isEmpty()) contacts.request(tx, personKeys.get(0), toDelete);
        return new StateOutcome(deleted, toDelete);
    }

    private <T> T ownTransaction(Work<T> work) throws SQLException {
        try (Connection tx = state.getConnection()) {
            tx.setAutoCommit(false);
            try {
                T result = work.run(tx);
                tx.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            } finally {
                tx.setAutoCommit(true);
            }
        }
    }

    private static void collect(IdType type, String raw, Set<String> users, Set<String> anons) {
        if (type == IdType.USER_ID) users.add(raw);
        else if (type == IdType.ANONYMOUS_ID) anons.add(raw);
    }
}
