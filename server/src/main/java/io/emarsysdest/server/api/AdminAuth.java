package io.emarsysdest.server.api;

import io.emarsysdest.server.http.ApiError;
import io.emarsysdest.server.ingest.Authenticator;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * The configuration and operations API under {@code /api} holds personal data and can delete it, so every call
 * needs the admin key: {@code Authorization: Bearer <key>} or Basic with the key as user name.
 */
public final class AdminAuth {
    private final Authenticator auth;

    public AdminAuth(Authenticator auth) {
        this.auth = auth;
    }

    public void register(Javalin app) {
        app.before("/api/*", this::check);
    }

    private void check(Context ctx) {
        String header = ctx.header("Authorization");
        String presented = Authenticator.basicKey(header);
        if (presented == null && header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) presented = header.substring(7).trim();
        if (!auth.matches(presented)) {
            ctx.header("WWW-Authenticate", "Basic realm=\"emarsys-destination admin\"");
            ctx.status(401).json(ApiError.of("unauthorized", "the /api endpoints need the admin key (Bearer token or Basic user name)"));
            ctx.skipRemainingHandlers();
        }
    }
}
