package io.emarsysdest.server.config;

import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Collects the configuration problems of every start-up stage (settings, Emarsys, delivery, identity, audiences,
 * data maps, rules, …) so one start reports all of them. A stage that fails gives its fallback, so the stages after
 * it are still checked; nothing is opened or written until {@link #failIfAny()} has passed.
 * To add a stage: one more {@link #stage} call before {@code failIfAny} in App.
 */
public final class StartupChecks {
    private final List<Problem> problems = new ArrayList<>();

    /** @param settingsProblems the problems {@link Config#read} found in the settings themselves */
    public StartupChecks(List<Problem> settingsProblems) {
        problems.addAll(settingsProblems);
    }

    /**
     * Runs one stage's check.
     *
     * @param under    where the stage's settings live in the config file ({@code identity}, {@code dataMaps}), put
     *                 before the paths of its problems; "" when they already are full paths
     * @param check    builds the stage's value, throwing {@link ValidationException} with every problem
     * @param fallback what the later stages are checked with when this one has problems (may be null)
     */
    public <T> T stage(String under, Supplier<T> check, T fallback) {
        try {
            return check.get();
        } catch (ValidationException e) {
            for (Problem p : e.problems()) problems.add(p.under(under));
            return fallback;
        }
    }

    /** A stage that only checks. */
    public void stage(String under, Runnable check) {
        stage(under, () -> {
            check.run();
            return null;
        }, null);
    }

    public List<Problem> problems() {
        return List.copyOf(problems);
    }

    /** @throws ConfigException with every problem of every stage, when there is one */
    public void failIfAny() {
        if (!problems.isEmpty()) throw new ConfigException(problems);
    }
}
