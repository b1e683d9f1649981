package io.emarsysdest.testkit.identity;

import io.emarsysdest.core.identity.PersonRepository;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.function.Function;

/** A {@link PersonRepository} view that runs each call in a unit of work of its own (tests read with it). */
final class UnitOfWorkRepository {
    private UnitOfWorkRepository() {
    }

    interface Runner {
        <T> T run(Function<PersonRepository, T> work);
    }

    static PersonRepository of(Runner runner) {
        return (PersonRepository) Proxy.newProxyInstance(PersonRepository.class.getClassLoader(),
                new Class<?>[]{PersonRepository.class},
                (proxy, method, args) -> runner.run(r -> {
                    try {
                        return method.invoke(r, args);
                    } catch (InvocationTargetException e) {
                        if (e.getCause() instanceof RuntimeException re) throw re;
                        throw new IllegalStateException(e.getCause());
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                }));
    }
}
