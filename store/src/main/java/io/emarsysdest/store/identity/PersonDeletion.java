package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.PersonEventHistory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A privacy deletion: the person's stored events are purged from the event log first (so a retry after a failure
 * still finds the person), then the person, every person merged into it and their identifiers are deleted in one
 * transaction together with the request to delete the Emarsys contact and whatever the erasers remove (rule state,
 * held triggers). Events stored in between are purged too.
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

    /** Deletes in a transaction of its own on {@code state} (SQLite makes it wait for the processor's batch). */
    public PersonDeletion(DataSource state, PersonEventHistory history, ContactDeletionRequests contacts, UsersTable usersTable) {
        this(state, history, contacts, usersTable, List.of(), null);
    }

    /**
     * @param erasers other areas' person data to delete in the same transaction
     * @param writer  where the deleting transaction runs, e.g. on the event processor's thread (the single writer);
     *                null for a transaction of its own on {@code state}
     */
    public PersonDeletion(DataSource state, PersonEventHistory history, ContactDeletionRequests contacts, UsersTable usersTable,
                          List<PersonDataEraser> erasers, Writer writer) {
        this.state = state;
        this.history = history;
        this.contacts = contacts;
        this.usersTable = usersTable;
        this.erasers = List.copyOf(erasers);
        this.writer = writer != null ? writer : this::ownTransaction;
    }

    /** What was deleted. */
    public record Outcome(DeletedPerson person, long eventsPurged, boolean contactDeletionRequested) {
    }

    private record StateOutcome(DeletedPerson person, boolean requested) {
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
        return new Outcome(out.person(), purged, out.requested());
    }

    private StateOutcome deleteIn(Connection tx, long personId) throws SQLException {
        DeletedPerson deleted = new JdbcPersonRepository(tx).delete(personId);
        if (deleted == null) return null;
        for (PersonDataEraser e : erasers) e.erase(tx, deleted.personIds());
        boolean requested = false;
        if (deleted.primaryKeyRaw() != null) {
            contacts.request(tx, deleted.primaryKeyRaw());
            requested = true;
        }
        return new StateOutcome(deleted, requested);
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
