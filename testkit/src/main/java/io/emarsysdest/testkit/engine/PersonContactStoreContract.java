package io.emarsysdest.testkit.engine;

import io.emarsysdest.core.engine.ContactKey;
import io.emarsysdest.core.engine.PersonContact;
import io.emarsysdest.core.engine.PersonContactStore;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link PersonContactStore} must do: the record of contacts made per person (issue 12.3). */
public abstract class PersonContactStoreContract extends PortContract<PersonContactStore> {
    private static final Instant T0 = Instant.parse("2026-07-01T08:00:00Z");

    private void record(Instant at, String personKey, String keyValue) {
        commit(s -> s.record(List.of(new PersonContact(personKey, new ContactKey("3", keyValue))), at));
    }

    private List<ContactKey> of(String... personKeys) {
        return committed(s -> s.of(List.of(personKeys)));
    }

    @Test
    void everyContactOfAPersonIsKeptOnceOldestFirst() {
        assertRollbackLeavesNothing(s -> s.record(List.of(new PersonContact("p1", new ContactKey("3", "old@x.io"))), T0),
                s -> s.of(List.of("p1")));

        record(T0, "p1", "old@x.io");
        record(T0.plusSeconds(1), "p1", "new@x.io");
        record(T0.plusSeconds(2), "p1", "old@x.io");
        record(T0, "p2", "other@x.io");
        commit(s -> s.record(List.of(), T0));

        assertThat(of("p1")).containsExactly(new ContactKey("3", "old@x.io"), new ContactKey("3", "new@x.io"));
        assertThat(of("nobody")).isEmpty();
    }

    @Test
    void aPersonAndThoseMergedIntoItAnswerTogetherAndAreForgottenTogether() {
        record(T0, "p1", "a@x.io");
        record(T0.plusSeconds(1), "p7", "b@x.io");
        record(T0.plusSeconds(2), "p7", "a@x.io");
        record(T0, "p2", "keep@x.io");

        assertThat(of("p1", "p7")).containsExactly(new ContactKey("3", "a@x.io"), new ContactKey("3", "b@x.io"));
        assertRollbackLeavesNothing(s -> s.forget(List.of("p1", "p7")), s -> s.of(List.of("p1", "p7", "p2")));
        commit(s -> s.forget(List.of("p1", "p7")));
        assertThat(of("p1", "p7")).isEmpty();
        assertThat(of("p2")).containsExactly(new ContactKey("3", "keep@x.io"));
    }

    @Test
    void contactsOfTheSameTimeAreOrderedByKeyFieldThenValue() {
        commit(s -> s.record(List.of(new PersonContact("p1", new ContactKey("3", "b@x.io")),
                new PersonContact("p1", new ContactKey("3", "a@x.io")), new PersonContact("p1", new ContactKey("12", "z"))), T0));

        assertThat(of("p1")).containsExactly(new ContactKey("12", "z"), new ContactKey("3", "a@x.io"), new ContactKey("3", "b@x.io"));
    }
}
