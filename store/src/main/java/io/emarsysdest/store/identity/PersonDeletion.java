package io.emarsysdest.store.identity;

import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.PersonEventHistory;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A privacy deletion: the person's stored events are purged from the event log first (so a retry after a failure
 * still finds the person), then the person, every person merged into it and their identifiers are deleted in one
 * transaction together with the request to delete the Emarsys contact. Events stored in between are purged too.
 */
public final class PersonDeletion {
    private final DataSource state;
    private final PersonEventHistory history;
    private final ContactDeletionRequests contacts;
    private final UsersTable usersTable;

    public PersonDeletion(DataSource state, PersonEventHistory history, ContactDeletionRequests contacts, UsersTable usersTable) {
        this.state = state;
        this.history = history;
        this.contacts = contacts;
        this.usersTable = usersTable;
    }

    /** What was deleted. */
    public record Outcome(DeletedPerson person, long eventsPurged, boolean contactDeletionRequested) {
    }

    /** @return null when no such person (or it was deleted already) */
    public Outcome delete(long personId) throws SQLException {
        Set<String> users = new LinkedHashSet<>();
        Set<String> anons = new LinkedHashSet<>();
        try (Connection c = state.getConnection()) {
            JdbcPersonRepository repo = new JdbcPersonRepository(c);
            if (repo.find(personId) == null) return null;
            for (IdentityRecord r : repo.identifiers(personId)) collect(r.id().type(), r.id().raw(), users, anons);
        }
        long purged = users.isEmpty() && anons.isEmpty() ? 0 : history.purge(users, anons);

        DeletedPerson deleted;
        boolean requested = false;
        try (Connection tx = state.getConnection()) {
            tx.setAutoCommit(false);
            try {
                deleted = new JdbcPersonRepository(tx).delete(personId);
                if (deleted != null && deleted.primaryKeyRaw() != null) {
                    contacts.request(tx, deleted.primaryKeyRaw());
                    requested = true;
                }
                tx.commit();
            } catch (SQLException | RuntimeException e) {
                tx.rollback();
                throw e;
            } finally {
                tx.setAutoCommit(true);
            }
        } finally {
            usersTable.invalidate(); // the processor's cache may hold the person
        }
        if (deleted == null) return null;
        Set<String> lateUsers = new LinkedHashSet<>();
        Set<String> lateAnons = new LinkedHashSet<>();
        for (var id : deleted.identifiers()) {
            if (id.type() == IdType.USER_ID && !users.contains(id.raw())) lateUsers.add(id.raw());
            if (id.type() == IdType.ANONYMOUS_ID && !anons.contains(id.raw())) lateAnons.add(id.raw());
        }
        if (!lateUsers.isEmpty() || !lateAnons.isEmpty()) purged += history.purge(lateUsers, lateAnons);
        return new Outcome(deleted, purged, requested);
    }

    private static void collect(IdType type, String raw, Set<String> users, Set<String> anons) {
        if (type == IdType.USER_ID) users.add(raw);
        else if (type == IdType.ANONYMOUS_ID) anons.add(raw);
    }
}
