package io.emarsysdest.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.emarsysdest.core.validation.Problem;
import io.javalin.http.Context;

import java.util.List;

/** Writes JSON answers, and error answers in the one documented shape ({@link ApiError}: success, error, message, problems). */
public final class JsonAnswers {
    private JsonAnswers() {
    }

    public static void send(Context ctx, int status, Object body) {
        try {
            ctx.status(status).contentType("application/json").result(Json.MAPPER.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer cannot be written as JSON", e);
        }
    }

    public static void error(Context ctx, int status, String code, String message) {
        send(ctx, status, ApiError.of(code, message));
    }

    public static void error(Context ctx, int status, String code, String message, List<Problem> problems) {
        send(ctx, status, ApiError.of(code, message, problems));
    }
}
