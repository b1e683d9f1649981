package io.emarsysdest.server.schema;

import io.emarsysdest.emarsys.ContactList;
import io.emarsysdest.emarsys.ExternalEvent;
import io.emarsysdest.server.http.JsonAnswers;
import io.javalin.Javalin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The account's contact lists and external events, for pickers (audience mappings, list rules, rule actions):
 * <pre>
 * GET  /api/emarsys/lists            the lists as last read (read on first use): id, name, created
 * POST /api/emarsys/lists/refresh    reads them from Emarsys now
 * GET  /api/emarsys/events           the external events as last read: id, name, created
 * POST /api/emarsys/events/refresh   reads them from Emarsys now
 * </pre>
 * A failed read answers 200 with what was there before and {@code lastError} (the pickers still work, with a
 * warning); {@code items} is null when nothing could be read yet.
 */
public final class EmarsysAccountApi {
    private final AccountDirectory<ContactList> lists;
    private final AccountDirectory<ExternalEvent> events;

    public EmarsysAccountApi(AccountDirectory<ContactList> lists, AccountDirectory<ExternalEvent> events) {
        this.lists = lists;
        this.events = events;
    }

    public void register(Javalin app) {
        app.get("/api/emarsys/lists", ctx -> JsonAnswers.send(ctx, 200, body(lists.get(), EmarsysAccountApi::list)));
        app.post("/api/emarsys/lists/refresh", ctx -> JsonAnswers.send(ctx, 200, body(lists.refresh(), EmarsysAccountApi::list)));
        app.get("/api/emarsys/events", ctx -> JsonAnswers.send(ctx, 200, body(events.get(), EmarsysAccountApi::event)));
        app.post("/api/emarsys/events/refresh", ctx -> JsonAnswers.send(ctx, 200, body(events.refresh(), EmarsysAccountApi::event)));
    }

    private static Map<String, Object> list(ContactList l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", l.id());
        m.put("name", l.name());
        m.put("created", l.created());
        return m;
    }

    private static Map<String, Object> event(ExternalEvent e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", String.valueOf(e.id()));
        m.put("name", e.name());
        m.put("created", e.created());
        return m;
    }

    private static <T> Map<String, Object> body(AccountDirectory.Snapshot<T> s, Function<T, Map<String, Object>> item) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("fetchedAt", s.fetchedAt() == null ? null : s.fetchedAt().toString());
        o.put("lastAttempt", s.lastAttempt() == null ? null : s.lastAttempt().toString());
        o.put("lastError", s.lastError());
        if (s.items() == null) {
            o.put("items", null);
        } else {
            List<Map<String, Object>> items = new ArrayList<>();
            for (T t : s.items()) items.add(item.apply(t));
            o.put("items", items);
        }
        return o;
    }
}
