package io.emarsysdest.server.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.server.config.Config;
import io.javalin.Javalin;

import java.util.Map;

/**
 * {@code GET /api/settings}: every setting the service runs with: value (secrets masked), default, where the value
 * came from and what it does. Read-only: settings change through the environment, the config file or flags, and
 * take effect at the next start.
 */
public final class SettingsApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final Config config;

    public SettingsApi(Config config) {
        this.config = config;
    }

    public void register(Javalin app) {
        app.get("/api/settings", ctx -> {
            try {
                ctx.contentType("application/json").result(JSON.writeValueAsString(Map.of("settings", config.shown())));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
    }
}
