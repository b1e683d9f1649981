package io.emarsysdest.bench.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Realistic traffic for the users table: each user browses on one of two devices (anonymousIds), most events are
 * tracks and pages, some identify with an e-mail and traits, a few carry the e-mail in context.traits, a few alias.
 * A fraction of events come from first-time visitors, so persons keep being created.
 */
public final class IdentityTraffic {
    private IdentityTraffic() {
    }

    public static List<Event> generate(int events, int users, long seed) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Random r = new Random(seed);
        Instant t = Instant.parse("2026-05-01T00:00:00Z").plusSeconds(86_400 * seed); // later seeds happen later
        List<Event> out = new ArrayList<>(events);
        for (int i = 0; i < events; i++) {
            t = t.plusMillis(r.nextInt(20));
            int u = r.nextInt(users);
            boolean visitor = r.nextInt(20) == 0;
            String anon = visitor ? "visitor-" + seed + "-" + i : "dev-" + u + "-" + r.nextInt(2);
            String userId = "user-" + u;
            String email = "User" + u + "@Example.com";
            int kind = r.nextInt(100);
            ObjectNode body = f.objectNode();
            EventType type;
            String evUser = null;
            if (kind < 50) {
                type = EventType.TRACK;
                body.put("event", "Product Viewed");
                body.putObject("properties").put("sku", "SKU-" + r.nextInt(500)).put("price", r.nextInt(100));
                if (!visitor && r.nextBoolean()) evUser = userId;
            } else if (kind < 75) {
                type = EventType.PAGE;
                body.put("name", "Home");
                if (!visitor && r.nextBoolean()) evUser = userId;
            } else if (kind < 87) {
                type = EventType.IDENTIFY;
                evUser = visitor ? null : userId;
                body.putObject("traits").put("email", email).put("firstName", "N" + u).put("score", r.nextInt(1000));
            } else if (kind < 95) {
                type = EventType.TRACK;
                body.put("event", "Newsletter Signup");
                body.putObject("context").putObject("traits").put("email", visitor ? "v" + i + "@example.com" : email);
            } else {
                type = EventType.ALIAS;
                evUser = userId;
                body.put("previousId", anon);
            }
            body.put("type", type.wireName());
            body.put("anonymousId", anon);
            if (evUser != null) body.put("userId", evUser);
            String messageId = "m-" + seed + "-" + i;
            body.put("messageId", messageId);
            out.add(new Event(i + 1, messageId, type, evUser, anon, t, t, null, t, body));
        }
        return out;
    }
}
