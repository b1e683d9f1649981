package io.emarsysdest.server.http;

import io.javalin.Javalin;

import java.util.Map;

/**
 * Headers that keep the console (and every other answer) from being framed, sniffed into another type, or leaking
 * its address: the console's pages load only their own scripts and styles, talk only to this service, and may not be
 * shown inside another site's frame (clickjacking). Sent on every answer, static files included.
 */
public final class SecurityHeaders {
    public static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";
    public static final Map<String, String> ALL = Map.of(
            "Content-Security-Policy", CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options", "nosniff",
            "X-Frame-Options", "DENY",
            "Referrer-Policy", "no-referrer");

    private SecurityHeaders() {
    }

    public static void register(Javalin app) {
        app.before(ctx -> ALL.forEach(ctx::header));
    }
}
