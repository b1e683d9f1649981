package io.emarsysdest.server.http;

import io.emarsysdest.core.validation.Problem;
import io.javalin.http.Context;

import java.util.List;

/** Whole-number query parameters of the /api: parsed and range-checked, or a 400 in the error shape naming them. */
public final class QueryParams {
    private QueryParams() {
    }

    /**
     * @return the value, {@code fallback} when absent, or null after answering 400 {@code invalid_query} with a
     *         problem whose path is the parameter's name
     */
    public static Integer intParam(Context ctx, String name, int fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) return fallback;
        String range = max == Integer.MAX_VALUE ? min + " or more" : "from " + min + " to " + max;
        try {
            int n = Integer.parseInt(raw.trim());
            if (n >= min && n <= max) return n;
            answer(ctx, new Problem(name, "out_of_range", name + " must be a whole number " + range + ", got " + n));
        } catch (NumberFormatException e) {
            answer(ctx, new Problem(name, "not_a_number", name + " must be a whole number " + range + ", got '" + raw + "'"));
        }
        return null;
    }

    private static void answer(Context ctx, Problem problem) {
        JsonAnswers.error(ctx, 400, "invalid_query", problem.message(), List.of(problem));
    }
}
