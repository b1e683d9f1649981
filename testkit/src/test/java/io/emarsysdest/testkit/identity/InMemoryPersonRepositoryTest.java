package io.emarsysdest.testkit.identity;

import io.emarsysdest.core.identity.InMemoryPersonRepository;
import io.emarsysdest.core.identity.PersonRepository;

import java.util.function.Function;

class InMemoryPersonRepositoryTest extends PersonRepositoryContract {
    private final InMemoryPersonRepository repo = new InMemoryPersonRepository();

    @Override
    protected <T> T inTx(Function<PersonRepository, T> work) {
        return work.apply(repo);
    }
}
