package io.emarsysdest.server.api;

import io.emarsysdest.server.http.ApiError;
import io.emarsysdest.server.ingest.Authenticator;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The configuration and operations API under {@code /api} holds personal data and can delete it, so every call
 * needs the admin key as {@code Authorization: Bearer <key>}. On purpose:
 * <ul>
 * <li>the ingest write key (the API key, public in every customer's web pages and apps) opens nothing here;</li>
 * <li>no HTTP Basic and no {@code WWW-Authenticate: Basic}: a browser would remember Basic credentials and send
 * them along with any cross-site form aimed at this service;</li>
 * <li>changes carry JSON or nothing: a cross-site form can only send form encodings or text/plain;</li>
 * <li>repeated wrong keys from one address are answered 429 with {@code Retry-After} ({@link FailedAuthThrottle}).</li>
 * </ul>
 */
public final class AdminAuth {
    /** Wrong keys one address may present per window before it has to wait. */
    public static final int MAX_FAILURES = 10;
    public static final Duration FAILURE_WINDOW = Duration.ofMinutes(1);
    private static final String CHALLENGE = "Bearer realm=\"emarsys-destination admin\"";
    private final Authenticator admin;
    private final Authenticator writeKey;
    private final FailedAuthThrottle throttle;

    public AdminAuth(Authenticator admin, Authenticator writeKey, FailedAuthThrottle throttle) {
        this.admin = admin;
        this.writeKey = writeKey;
        this.throttle = throttle;
    }

    public void register(Javalin app) {
        app.before("/api/*", this::check);
    }

    private void check(Context ctx) {
        String client = ctx.ip();
        Optional<Duration> wait = throttle.blockedFor(client);
        if (wait.isPresent()) {
            long seconds = Math.max(1, (wait.get().toMillis() + 999) / 1000);
            ctx.header("Retry-After", Long.toString(seconds));
            refuse(ctx, 429, "too_many_failed_attempts", "too many wrong admin keys from this address (" + MAX_FAILURES + " within "
                    + FAILURE_WINDOW.toSeconds() + " s); try again in " + seconds + " s");
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || header.isBlank()) {
            refuse(ctx, 401, "unauthorized", "the /api endpoints need the admin key: Authorization: Bearer <admin key>");
            return;
        }
        if (header.regionMatches(true, 0, "Basic ", 0, 6)) {
            refuse(ctx, 401, "unauthorized", "HTTP Basic is not accepted on /api: send the admin key as Authorization: Bearer <admin key>");
            return;
        }
        String presented = header.regionMatches(true, 0, "Bearer ", 0, 7) ? header.substring(7).trim() : null;
        if (!admin.matches(presented)) {
            throttle.failed(client);
            refuse(ctx, 401, "unauthorized", writeKey.matches(presented)
                    ? "that is the API key (the ingest write key): it opens nothing under /api; use the admin key (ADMIN_KEY, or <dataDir>/admin-key)"
                    : "the /api endpoints need the admin key: Authorization: Bearer <admin key>");
            return;
        }
        throttle.succeeded(client);
        if (isChange(ctx.method()) && !jsonOrNoBody(ctx)) {
            refuse(ctx, 415, "unsupported_media_type", "changes under /api take a JSON body (Content-Type: application/json) or none; got "
                    + (ctx.contentType() == null ? "a body without Content-Type" : "Content-Type " + ctx.contentType()));
        }
    }

    private static boolean isChange(HandlerType method) {
        return method == HandlerType.POST || method == HandlerType.PUT || method == HandlerType.PATCH || method == HandlerType.DELETE;
    }

    /** A JSON media type, or no Content-Type and no body (publish, replay and the like take none). */
    private static boolean jsonOrNoBody(Context ctx) {
        String type = ctx.contentType();
        if (type == null) return ctx.contentLength() <= 0 && ctx.header("Transfer-Encoding") == null;
        String media = type.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return media.equals("application/json") || (media.startsWith("application/") && media.endsWith("+json"));
    }

    private static void refuse(Context ctx, int status, String error, String message) {
        if (status == 401) ctx.header("WWW-Authenticate", CHALLENGE);
        ctx.status(status).json(ApiError.of(error, message));
        ctx.skipRemainingHandlers();
    }
}
