package io.emarsysdest.server.api;

import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.FieldProblem;
import io.emarsysdest.server.datamap.CachedFieldCatalog;
import io.emarsysdest.server.datamap.FieldCatalogRefresher;
import io.emarsysdest.server.http.JsonAnswers;
import io.javalin.Javalin;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The account's field catalog as the service uses it, and where it came from:
 * <pre>
 * GET  /api/emarsys/fields          source (account / partial / fallback), when read, per-field problems, the fields
 * POST /api/emarsys/fields/refresh  reads the catalog from Emarsys now and recompiles the running maps
 * </pre>
 */
public final class FieldCatalogApi {
    private final Supplier<CachedFieldCatalog.Status> status;
    private final FieldCatalogRefresher refresher;

    public FieldCatalogApi(Supplier<CachedFieldCatalog.Status> status, FieldCatalogRefresher refresher) {
        this.status = status;
        this.refresher = refresher;
    }

    public void register(Javalin app) {
        app.get("/api/emarsys/fields", ctx -> JsonAnswers.send(ctx, 200, body(status.get())));
        app.post("/api/emarsys/fields/refresh", ctx -> JsonAnswers.send(ctx, 200, body(refresher.refreshNow())));
    }

    private Map<String, Object> body(CachedFieldCatalog.Status s) {
        Map<String, Object> o = summary(s);
        o.put("refreshInterval", refresher.interval().toString());
        List<Map<String, Object>> fields = new ArrayList<>();
        for (Field f : s.catalog().all()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", f.id());
            m.put("name", f.name());
            m.put("stringId", f.stringId());
            m.put("type", f.type().wire());
            m.put("readOnly", !f.writable());
            if (!f.choices().isEmpty()) m.put("choices", f.choices());
            s.problemOf(f.id()).ifPresent(p -> m.put("problem", p.message()));
            fields.add(m);
        }
        o.put("fields", fields);
        return o;
    }

    /** What {@code /health/ready} and the console's overview show: source, failures, no field list. */
    public static Map<String, Object> summary(CachedFieldCatalog.Status s) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("source", s.source());
        o.put("fetchedAt", s.fetchedAt() == null ? null : s.fetchedAt().toString());
        o.put("lastAttempt", s.lastAttempt() == null ? null : s.lastAttempt().toString());
        o.put("lastError", s.lastError());
        o.put("failedFields", s.problems().size());
        List<Map<String, String>> problems = new ArrayList<>();
        for (FieldProblem p : s.problems()) {
            problems.add(Map.of("fieldId", p.fieldId(), "fieldName", p.fieldName(), "message", p.message()));
        }
        o.put("problems", problems);
        return o;
    }
}
