package io.emarsysdest.server.config;

import io.emarsysdest.core.validation.Problem;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration has problems; all of them are listed. */
public class ConfigException extends RuntimeException {
    private final List<Problem> problems;

    public ConfigException(List<Problem> problems) {
        super("the configuration has " + problems.size() + " problem(s):\n" + problems.stream()
                .map(p -> "  - " + p.path() + ": " + p.message()).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
