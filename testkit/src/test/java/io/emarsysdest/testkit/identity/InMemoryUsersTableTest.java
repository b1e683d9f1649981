package io.emarsysdest.testkit.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentityResolver;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.InMemoryPersonRepository;
import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.core.identity.Resolution;

import java.util.List;
import java.util.function.Function;

/** The identity scenarios against the pure resolver over the in-memory repository. */
class InMemoryUsersTableTest extends IdentityScenarios {
    @Override
    protected UsersTableHarness usersTable(IdentitySettings settings) {
        IdentityResolver resolver = new IdentityResolver(settings);
        InMemoryPersonRepository repo = new InMemoryPersonRepository();
        return new UsersTableHarness() {
            @Override
            public List<Resolution> apply(List<Event> batch) {
                return resolver.resolveAll(batch, repo);
            }

            @Override
            public <T> T read(Function<PersonRepository, T> work) {
                return work.apply(repo);
            }
        };
    }
}
