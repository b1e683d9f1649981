package io.emarsysdest.server.http;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;

/**
 * Every error that does not come from a route's own answer (an unknown path, a wrong method, a Javalin-level refusal,
 * and Jetty's own, through {@link JsonErrorHandler}) in the documented JSON shape.
 */
public final class HttpErrors {
    private HttpErrors() {
    }

    public static void register(Javalin app) {
        app.exception(HttpResponseException.class, (e, ctx) -> {
            int status = e.getStatus();
            String message = status == 404 ? "no route " + ctx.method() + " " + ctx.path() : JsonErrorHandler.message(status, e.getMessage());
            JsonAnswers.error(ctx, status, JsonErrorHandler.code(status), message);
        });
    }
}
