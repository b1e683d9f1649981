package io.emarsysdest.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.server.http.JsonAnswers;
import io.emarsysdest.server.http.QueryParams;
import io.emarsysdest.core.engine.RefusedKey;
import io.emarsysdest.core.engine.RefusedKeyStore;
import io.emarsysdest.store.processing.JdbcRefusedKeyStore;
import io.javalin.Javalin;
import io.javalin.http.Context;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code GET /api/processing/refused-keys?limit=}: primary key values refused because they cannot be values of the
 * Emarsys key field ({@code traits.email: 42}, {@code "not an email"}), newest first, each with the event and the
 * reason. The events themselves were processed without that key (the person did not become a contact by it).
 */
public final class RefusedKeysApi {
    static final int DEFAULT_LIMIT = 50;
    static final int MAX_LIMIT = 500;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final DataSource state;

    public RefusedKeysApi(DataSource state) {
        this.state = state;
    }

    public void register(Javalin app) {
        app.get("/api/processing/refused-keys", this::list);
    }

    private void list(Context ctx) throws SQLException {
        Integer limit = QueryParams.intParam(ctx, "limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        if (limit == null) return;
        try (Connection c = state.getConnection()) {
            RefusedKeyStore refused = new JdbcRefusedKeyStore(c);
            ObjectNode body = JSON.createObjectNode();
            body.put("total", refused.count());
            ArrayNode items = body.putArray("items");
            for (RefusedKey r : refused.latest(limit)) {
                ObjectNode o = items.addObject();
                o.put("refusedAt", r.refusedAt().toString());
                o.put("offset", r.logOffset());
                o.put("messageId", r.messageId());
                if (r.personId() == null) o.putNull("personId");
                else o.put("personId", r.personId());
                o.put("value", r.value());
                o.put("reason", r.reason());
            }
            JsonAnswers.send(ctx, 200, body);
        }
    }
}
