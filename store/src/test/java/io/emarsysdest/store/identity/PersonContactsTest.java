package io.emarsysdest.store.identity;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The record of contacts made per person (issue 12.3), run against every database (see the subclasses). */
abstract class PersonContactsTest {
    private static final Instant T0 = Instant.parse("2026-07-01T08:00:00Z");

    /** A connection (autocommit off) to a migrated state database without person_contact rows. */
    abstract Connection open() throws SQLException;

    private void record(Instant at, String personKey, String keyValue) throws SQLException {
        try (Connection tx = open()) {
            PersonContacts.record(tx, List.of(new PersonContacts.Entry(personKey, new ContactKey("3", keyValue))), at);
            tx.commit();
        }
    }

    private List<ContactKey> of(String... personKeys) throws SQLException {
        try (Connection tx = open()) {
            return PersonContacts.of(tx, List.of(personKeys));
        }
    }

    @Test
    void everyContactOfAPersonIsKeptOnceOldestFirst() throws Exception {
        record(T0, "p1", "old@x.io");
        record(T0.plusSeconds(1), "p1", "new@x.io");
        record(T0.plusSeconds(2), "p1", "old@x.io");
        record(T0, "p2", "other@x.io");

        assertThat(of("p1")).containsExactly(new ContactKey("3", "old@x.io"), new ContactKey("3", "new@x.io"));
    }

    @Test
    void aPersonAndThoseMergedIntoItAnswerTogetherAndAreForgottenTogether() throws Exception {
        record(T0, "p1", "a@x.io");
        record(T0.plusSeconds(1), "p7", "b@x.io");
        record(T0.plusSeconds(2), "p7", "a@x.io");
        record(T0, "p2", "keep@x.io");

        assertThat(of("p1", "p7")).containsExactly(new ContactKey("3", "a@x.io"), new ContactKey("3", "b@x.io"));
        try (Connection tx = open()) {
            PersonContacts.forget(tx, List.of("p1", "p7"));
            tx.commit();
        }
        assertThat(of("p1", "p7")).isEmpty();
        assertThat(of("p2")).containsExactly(new ContactKey("3", "keep@x.io"));
    }

    @Test
    void aRolledBackRecordLeavesNothing() throws Exception {
        try (Connection tx = open()) {
            PersonContacts.record(tx, List.of(new PersonContacts.Entry("p1", new ContactKey("3", "a@x.io"))), T0);
            tx.rollback();
        }
        assertThat(of("p1")).isEmpty();
    }
}
