package io.emarsysdest.core.validation;

import java.util.List;

/** Thrown when an input (config, rule, data map) has problems; carries all of them, not just the first. */
public class ValidationException extends RuntimeException {
    private final List<Problem> problems;

    public ValidationException(String what, List<Problem> problems) {
        super(what + " is invalid: " + problems);
        this.problems = List.copyOf(problems);
    }

    /** For subclasses that word the message themselves. */
    protected ValidationException(List<Problem> problems, String message) {
        super(message);
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
