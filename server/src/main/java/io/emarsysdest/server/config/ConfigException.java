package io.emarsysdest.server.config;

import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;

import java.util.List;
import java.util.stream.Collectors;

/** The configuration has problems; all of them are listed, one a line, each under where it is set. */
public class ConfigException extends ValidationException {
    public ConfigException(List<Problem> problems) {
        super(problems, "the configuration has " + problems.size() + " problem(s):\n" + problems.stream()
                .map(p -> "  - " + (p.path().isEmpty() ? "" : p.path() + ": ") + p.message() + " (" + p.code() + ")")
                .collect(Collectors.joining("\n")));
    }
}
