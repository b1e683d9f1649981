package io.emarsysdest.store.identity;

import io.emarsysdest.core.engine.ContactKey;
import io.emarsysdest.core.engine.PersonContact;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.PersonEventHistory;
import io.emarsysdest.core.identity.Resolution;
import io.emarsysdest.testkit.identity.IdentityEvents;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PersonDeletionTest {
    @TempDir
    Path dir;
    private TestStateDb db;
    private UsersTable table;
    private final IdentityEvents ev = IdentityEvents.at("2026-07-01T08:00:00Z");
    private final List<String> purgedUsers = new ArrayList<>();
    private final PersonEventHistory history = new PersonEventHistory() {
        @Override
        public List<Event> recent(Collection<String> userIds, Collection<String> anonymousIds, int limit) {
            return List.of();
        }

        @Override
        public long purge(Collection<String> userIds, Collection<String> anonymousIds) {
            purgedUsers.addAll(userIds);
            return userIds.size() + anonymousIds.size();
        }
    };

    @BeforeEach
    void open() {
        db = new TestStateDb(dir);
        table = new UsersTable(IdentitySettings.DEFAULTS, new SimpleMeterRegistry());
    }

    private Resolution process(Event... events) {
        List<Resolution> out = db.inTx(c -> table.applyBatch(c, List.of(events)));
        table.afterCommit();
        return out.get(out.size() - 1);
    }

    @Test
    public void otherAreasEraseTheWholeFamilyInTheSameTransactionOnTheGivenWriter() throws Exception {
        Resolution anon = process(ev.track("{\"anonymousId\":\"e-a\"}"));
        Resolution user = process(ev.minutesLater(1).identify("{\"userId\":\"e-u\",\"traits\":{\"email\":\"e@x.io\"}}"));
        Resolution joined = process(ev.minutesLater(1).track("{\"userId\":\"e-u\",\"anonymousId\":\"e-a\"}"));
        List<Long> erased = new ArrayList<>();
        List<String> contacts = new ArrayList<>();
        AtomicInteger writes = new AtomicInteger();
        PersonDeletion.Writer writer = new PersonDeletion.Writer() {
            @Override
            public <T> T inTransaction(PersonDeletion.Work<T> work) {
                writes.incrementAndGet();
                return db.inTx(c -> {
                    try {
                        return work.run(c);
                    } catch (SQLException e) {
                        throw new IllegalStateException(e);
                    }
                });
            }
        };
        PersonDeletion deletion = new PersonDeletion(db.dataSource, history, (tx, personKey, keys) -> keys.forEach(k -> contacts.add(k.keyValue())), table,
                List.of((tx, ids) -> {
                    assertThat(tx.getAutoCommit()).isFalse();
                    erased.addAll(ids);
                }), writer);

        PersonDeletion.Outcome out = deletion.delete(user.personId());

        assertThat(joined.merges()).hasSize(1);
        assertThat(erased).containsExactlyInAnyOrder(user.personId(), anon.personId());
        assertThat(contacts).containsExactly("e@x.io");
        assertThat(writes.get()).isEqualTo(1);
        assertThat(purgedUsers).containsExactly("e-u");
        assertThat(out.eventsPurged()).isEqualTo(2);
    }

    @Test
    public void aFailingEraserKeepsThePersonAndNothingIsRequested() {
        Resolution user = process(ev.identify("{\"userId\":\"keep-me\",\"traits\":{\"email\":\"k@x.io\"}}"));
        List<String> contacts = new ArrayList<>();
        PersonDeletion deletion = new PersonDeletion(db.dataSource, history, (tx, personKey, keys) -> keys.forEach(k -> contacts.add(k.keyValue())), table,
                List.of((tx, ids) -> {
                    throw new SQLException("rule state unavailable");
                }), null);

        assertThatThrownBy(() -> deletion.delete(user.personId())).hasMessageContaining("rule state unavailable");
        Long stillThere = db.inTx(c -> {
            var p = new JdbcPersonRepository(c).find(user.personId());
            return p == null ? null : p.id();
        });
        assertThat(stillThere).isEqualTo(user.personId());
        assertThat(contacts).isEmpty();
    }

    @Test
    public void everyContactRecordedForTheFamilyAndEveryPrimaryKeyIsDeletedAndTheRecordForgotten() throws Exception {
        Resolution anon = process(ev.track("{\"anonymousId\":\"c-a\"}"));
        Resolution user = process(ev.minutesLater(1).identify("{\"userId\":\"c-u\",\"traits\":{\"email\":\"first@x.io\"}}"));
        process(ev.minutesLater(2).identify("{\"userId\":\"c-u\",\"traits\":{\"email\":\"second@x.io\"}}"));
        process(ev.minutesLater(3).track("{\"userId\":\"c-u\",\"anonymousId\":\"c-a\"}"));
        db.inTx(c -> {
            new JdbcPersonContactStore(c).record(List.of(
                    new PersonContact("p" + user.personId(), new ContactKey("3", "first@x.io")),
                    new PersonContact("p" + anon.personId(), new ContactKey("3", "mapped@x.io"))), java.time.Instant.now());
            return null;
        });
        List<String> requested = new ArrayList<>();
        List<String> underKey = new ArrayList<>();
        PersonDeletion deletion = new PersonDeletion(db.dataSource, history, (tx, personKey, keys) -> {
            underKey.add(personKey);
            keys.forEach(k -> requested.add(k.keyField() + ":" + k.keyValue()));
        }, table);

        PersonDeletion.Outcome out = deletion.delete(user.personId());

        assertThat(requested).as("recorded contacts, then the users table's keys (current and previous)")
                .containsExactlyInAnyOrder("3:first@x.io", "3:mapped@x.io", "3:second@x.io");
        assertThat(out.contacts()).hasSize(3);
        assertThat(underKey).containsExactly("p" + user.personId());
        List<ContactKey> left = db.inTx(c -> new JdbcPersonContactStore(c).of(List.of("p" + user.personId(), "p" + anon.personId())));
        assertThat(left).isEmpty();
    }
}
