package io.emarsysdest.server.api;

import io.emarsysdest.server.http.JsonAnswers;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.util.List;

/**
 * Answers /api paths (and methods) that no route serves with a JSON 404 in the documented error shape, instead of
 * the framework's text page. Registered after every /api route, so it only gets what none of them matched.
 */
public final class UnknownApiRoutes {
    private static final List<HandlerType> METHODS = List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT,
            HandlerType.PATCH, HandlerType.DELETE);

    public void register(Javalin app) {
        for (HandlerType method : METHODS) {
            app.addHttpHandler(method, "/api", UnknownApiRoutes::answer);
            app.addHttpHandler(method, "/api/*", UnknownApiRoutes::answer);
        }
    }

    private static void answer(Context ctx) {
        JsonAnswers.error(ctx, 404, "not_found", "no route " + ctx.method() + " " + ctx.path()
                + "; the /api routes are listed in docs/openapi.yaml");
    }
}
