package io.emarsysdest.core.validation;

import java.util.Objects;

/**
 * One thing wrong with an input, named precisely enough to fix it.
 *
 * @param path    where: a JSON-path-like location such as {@code batch[3].userId}, {@code steps[1].within}, or "" for the whole input
 * @param code    a stable machine-readable reason such as {@code no_user_anon_id} (used in metrics and by clients)
 * @param message a human sentence
 */
public record Problem(String path, String code, String message) {
    public Problem {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    public Problem under(String prefix) {
        if (prefix.isEmpty()) return this;
        String joined = path.isEmpty() ? prefix : path.startsWith("[") ? prefix + path : prefix + "." + path;
        return new Problem(joined, code, message);
    }

    @Override
    public String toString() {
        return (path.isEmpty() ? "" : path + ": ") + message + " (" + code + ")";
    }
}
