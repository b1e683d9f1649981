package io.emarsysdest.testkit.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.core.identity.Resolution;

import java.util.List;
import java.util.function.Function;

/** One users table under test: applies batches of events (each committed) and reads what is stored. */
public interface UsersTableHarness {

    /** Resolves one batch, in order, and commits it. */
    List<Resolution> apply(List<Event> batch);

    default Resolution apply(Event event) {
        return apply(List.of(event)).get(0);
    }

    /** Reads (or deletes) through the repository in a unit of work of its own. */
    <T> T read(Function<PersonRepository, T> work);

    /** The repository with every call in a unit of work of its own, for reading in assertions. */
    default PersonRepository repo() {
        return UnitOfWorkRepository.of(this::read);
    }
}
