package io.emarsysdest.server.http;

import io.emarsysdest.core.validation.Problem;

import java.util.List;

/** The JSON body of every error answer: a stable code, a sentence, and the problems when there are several. */
public record ApiError(boolean success, String error, String message, List<Problem> problems) {
    public static ApiError of(String error, String message) {
        return new ApiError(false, error, message, List.of());
    }

    public static ApiError of(String error, String message, List<Problem> problems) {
        return new ApiError(false, error, message, problems);
    }
}
