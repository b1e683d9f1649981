package io.emarsysdest.sandbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.javalin.Javalin;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process simulator of the Emarsys Core API (see docs/sandbox.md): WSSE (v2) and OAuth 2.0 bearer (v3)
 * authentication, contacts, fields, external events, contact lists, the documented reply codes, rate limits,
 * scripted faults, and a record of every request. Start with {@link #start}, stop with {@link #close()}.
 */
public final class EmarsysSandbox implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmarsysSandbox.class);
    static final int MAX_BODY = 10 * 1024 * 1024;
    static final int MAX_UPSERT_BODY = 8 * 1024 * 1024;
    static final int MAX_TRIGGER_BODY = 1024 * 1024;

    private final ObjectMapper json = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    private final InstantSource clock;
    private final SandboxOptions options;
    private final SandboxState state;
    private final SandboxAuth auth;
    private final RateLimiter limiter;
    private final List<FaultState> faults = new ArrayList<>();
    private final ArrayDeque<RecordedRequest> records = new ArrayDeque<>();
    private final AtomicLong seq = new AtomicLong();
    private final Javalin app;

    private static final class FaultState {
        final SandboxFault fault;
        int remaining;

        FaultState(SandboxFault fault) {
            this.fault = fault;
            this.remaining = fault.count();
        }
    }

    private interface Call {
        Reply apply(Context ctx, ObjectNode body, Instant now);
    }

    private EmarsysSandbox(InstantSource clock, SandboxOptions options) {
        this.clock = clock;
        this.options = options;
        this.state = new SandboxState(options);
        this.auth = new SandboxAuth(options);
        this.limiter = new RateLimiter(options.requestsPerMinute());
        this.app = Javalin.create(cfg -> {
            cfg.showJavalinBanner = false;
            cfg.http.maxRequestSize = MAX_BODY + 1024 * 1024L; // let oversize bodies reach the handler's own check
            cfg.router.ignoreTrailingSlashes = true;
        });
        routes();
    }

    /**
     * Starts a sandbox on 127.0.0.1.
     *
     * @param port 0 for any free port
     */
    public static EmarsysSandbox start(int port, InstantSource clock, SandboxOptions options) {
        return start("127.0.0.1", port, clock, options);
    }

    public static EmarsysSandbox start(String host, int port, InstantSource clock, SandboxOptions options) {
        EmarsysSandbox sandbox = new EmarsysSandbox(clock, options);
        sandbox.app.start(host, port);
        log.info("Emarsys sandbox listening on {} (WSSE user {}, OAuth client {})", sandbox.baseUrl(),
                options.wsseUsers().keySet(), options.oauthClients().keySet());
        return sandbox;
    }

    /** Runs standalone: {@code --port=8089 --host=127.0.0.1 --rate=1000 --auto-create}. */
    public static void main(String[] args) {
        int port = 8089;
        String host = "127.0.0.1";
        SandboxOptions options = SandboxOptions.defaults();
        for (String a : args) {
            if (a.startsWith("--port=")) port = Integer.parseInt(a.substring(7));
            else if (a.startsWith("--host=")) host = a.substring(7);
            else if (a.startsWith("--rate=")) options = options.withRequestsPerMinute(Integer.parseInt(a.substring(7)));
            else if (a.equals("--auto-create")) options = options.withAutoCreate(true);
            else throw new IllegalArgumentException("unknown argument " + a + " (use --port=, --host=, --rate=, --auto-create)");
        }
        EmarsysSandbox sandbox = start(host, port, InstantSource.system(), options);
        System.out.println("Emarsys sandbox: v2 " + sandbox.baseUrlV2() + " (WSSE " + SandboxOptions.DEFAULT_USER + " / "
                + SandboxOptions.DEFAULT_SECRET + "), v3 " + sandbox.baseUrlV3() + " (OAuth " + SandboxOptions.DEFAULT_CLIENT_ID
                + " / " + SandboxOptions.DEFAULT_CLIENT_SECRET + ", token " + sandbox.tokenUrl() + "), inspect "
                + sandbox.baseUrl() + "sandbox/requests");
        Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close));
    }

    // ---- addresses ----

    public int port() {
        return app.port();
    }

    /** Root, e.g. {@code http://127.0.0.1:41234/}. */
    public String baseUrl() {
        return "http://127.0.0.1:" + port() + "/";
    }

    /** The v2 (WSSE) Core API base, to use as EMARSYS_API_BASE. */
    public String baseUrlV2() {
        return baseUrl() + "api/v2/";
    }

    /** The v3 (OAuth 2.0) Core API base. */
    public String baseUrlV3() {
        return baseUrl() + "api/v3/";
    }

    public String tokenUrl() {
        return baseUrl() + "oauth2/token";
    }

    public SandboxOptions options() {
        return options;
    }

    @Override
    public void close() {
        app.stop();
    }

    // ---- Java inspection and setup for tests ----

    public List<RecordedRequest> requests() {
        synchronized (records) {
            return List.copyOf(records);
        }
    }

    public List<RecordedRequest> requests(String endpoint) {
        return requests().stream().filter(r -> r.endpoint().equals(endpoint)).toList();
    }

    public List<Map<String, Object>> contacts() {
        return state.contacts(Integer.MAX_VALUE);
    }

    public int contactCount() {
        return state.contactCount();
    }

    /** Contacts by key field (e.g. "3" and an e-mail address); values as Emarsys returns them (strings). */
    public List<Map<String, Object>> findContacts(String fieldId, String value) {
        return state.findContacts(fieldId, value);
    }

    /** Inserts a contact without the API, e.g. a second contact with the same e-mail to provoke 2010. */
    public long insertContact(Map<String, String> fieldValues) {
        return state.insertContact(fieldValues);
    }

    /**
     * Adds a custom field as an Emarsys user would in the web interface (choice fields included, which the API
     * cannot create); returns it with its id.
     */
    public FieldDef addField(String name, String type, Map<Integer, String> choices) {
        return state.addField(name, type, choices);
    }

    public int createEvent(String name) {
        return state.createEventDirect(name, clock.instant());
    }

    /** {@code false}: triggers of this event answer 400/5005 (no program or email uses it). */
    public void setEventConnected(int eventId, boolean connected) {
        state.setEventConnected(eventId, connected);
    }

    public long createList(String name) {
        return state.createListDirect(name, clock.instant());
    }

    public List<SandboxEvent> events() {
        return state.events();
    }

    public List<SandboxList> lists() {
        return state.lists();
    }

    public List<TriggerRecord> triggers() {
        return state.triggers();
    }

    public long triggerCount() {
        return state.triggerCount();
    }

    public void addFault(SandboxFault fault) {
        synchronized (faults) {
            faults.add(new FaultState(fault));
        }
    }

    public void clearFaults() {
        synchronized (faults) {
            faults.clear();
        }
    }

    /** Invalidates every issued bearer token: the next v3 call gets 401 until the client fetches a new one. */
    public void revokeTokens() {
        auth.revokeAll();
    }

    /** Forgets all data, requests, faults and rate-limit windows (issued tokens stay valid). */
    public void reset() {
        state.reset();
        clearFaults();
        limiter.reset();
        synchronized (records) {
            records.clear();
        }
    }

    // ---- routes ----

    private void routes() {
        for (String v : List.of("v2", "v3")) {
            String p = "/api/" + v + "/";
            app.put(p + "contact", ctx -> api(ctx, "contact.upsert", MAX_UPSERT_BODY, (c, b, now) ->
                    state.writeContacts(b, "1".equals(c.queryParam("create_if_not_exists")), false)));
            app.post(p + "contact", ctx -> api(ctx, "contact.create", MAX_BODY, (c, b, now) -> state.writeContacts(b, false, true)));
            app.post(p + "contact/getdata", ctx -> api(ctx, "contact.getdata", MAX_BODY, (c, b, now) -> state.getData(b)));
            app.post(p + "contact/delete", ctx -> api(ctx, "contact.delete", MAX_BODY, (c, b, now) -> state.deleteContacts(b)));
            app.get(p + "field", ctx -> api(ctx, "field.list", 0, (c, b, now) -> state.listFields()));
            app.get(p + "field/translate/{lang}", ctx -> api(ctx, "field.list", 0, (c, b, now) -> state.listFields()));
            app.post(p + "field", ctx -> api(ctx, "field.create", MAX_BODY, (c, b, now) -> state.createField(b)));
            app.get(p + "field/choices", ctx -> api(ctx, "field.multichoices", 0, (c, b, now) -> state.multichoiceChoices(c.queryParam("fields"))));
            app.get(p + "field/{id}/choice", ctx -> api(ctx, "field.choices", 0, (c, b, now) -> state.fieldChoices(c.pathParam("id"))));
            app.get(p + "field/{id}/choice/translate/{lang}", ctx -> api(ctx, "field.choices", 0,
                    (c, b, now) -> state.fieldChoices(c.pathParam("id"))));
            app.get(p + "event", ctx -> api(ctx, "event.list", 0, (c, b, now) -> state.listEvents()));
            app.post(p + "event", ctx -> api(ctx, "event.create", MAX_BODY, (c, b, now) -> state.createEvent(b, now)));
            app.post(p + "event/{id}/trigger", ctx -> api(ctx, "event.trigger", MAX_TRIGGER_BODY,
                    (c, b, now) -> state.trigger(c.pathParam("id"), b, now)));
            app.get(p + "event/{id}/usages", ctx -> api(ctx, "event.usages", 0, (c, b, now) -> state.eventUsages(c.pathParam("id"))));
            app.get(p + "contactlist", ctx -> api(ctx, "contactlist.list", 0, (c, b, now) -> state.listLists()));
            app.post(p + "contactlist", ctx -> api(ctx, "contactlist.create", MAX_BODY, (c, b, now) -> state.createList(b, now)));
            app.post(p + "contactlist/{id}/add", ctx -> api(ctx, "contactlist.add", MAX_BODY,
                    (c, b, now) -> state.changeList(c.pathParam("id"), b, true, now)));
            app.post(p + "contactlist/{id}/delete", ctx -> api(ctx, "contactlist.delete", MAX_BODY,
                    (c, b, now) -> state.changeList(c.pathParam("id"), b, false, now)));
            app.get(p + "contactlist/{id}/count", ctx -> api(ctx, "contactlist.count", 0, (c, b, now) -> state.countList(c.pathParam("id"))));
            app.get(p + "settings", ctx -> api(ctx, "settings", 0, (c, b, now) -> state.settings()));
        }
        app.get("/healthcheck", ctx -> ctx.status(200).result("OK"));
        app.post("/oauth2/token", this::token);

        app.get("/sandbox/requests", ctx -> {
            String endpoint = ctx.queryParam("endpoint");
            int limit = intParam(ctx, "limit", 100);
            List<RecordedRequest> all = endpoint == null ? requests() : requests(endpoint);
            writeJson(ctx, 200, all.subList(Math.max(0, all.size() - limit), all.size()));
        });
        app.get("/sandbox/contacts", ctx -> {
            String field = ctx.queryParam("field");
            String value = ctx.queryParam("value");
            List<Map<String, Object>> found = field != null && value != null ? findContacts(field, value)
                    : state.contacts(intParam(ctx, "limit", 100));
            writeJson(ctx, 200, Map.of("total", contactCount(), "contacts", found));
        });
        app.get("/sandbox/lists", ctx -> writeJson(ctx, 200, lists()));
        app.get("/sandbox/events", ctx -> writeJson(ctx, 200, events()));
        app.get("/sandbox/events/triggers", ctx -> {
            List<TriggerRecord> all = triggers();
            int limit = intParam(ctx, "limit", 100);
            writeJson(ctx, 200, Map.of("total", triggerCount(), "triggers", all.subList(Math.max(0, all.size() - limit), all.size())));
        });
        app.get("/sandbox/faults", ctx -> {
            synchronized (faults) {
                writeJson(ctx, 200, faults.stream().map(f -> Map.of("fault", f.fault, "remaining", f.remaining)).toList());
            }
        });
        app.post("/sandbox/faults", ctx -> {
            JsonNode body = json.readTree(ctx.bodyAsBytes());
            List<SandboxFault> added = new ArrayList<>();
            for (JsonNode f : body.isArray() ? body : json.createArrayNode().add(body)) {
                added.add(parseFault(f));
            }
            added.forEach(this::addFault);
            writeJson(ctx, 201, added);
        });
        app.delete("/sandbox/faults", ctx -> {
            clearFaults();
            ctx.status(204);
        });
        app.post("/sandbox/reset", ctx -> {
            reset();
            ctx.status(204);
        });
        app.exception(Exception.class, (e, ctx) -> {
            log.warn("sandbox handler failed", e);
            writeReply(ctx, Reply.error(500, 1003, "Internal error: " + e));
        });
    }

    private SandboxFault parseFault(JsonNode f) {
        return new SandboxFault(f.path("endpoint").asText("*"), f.path("count").asInt(1), f.path("probability").asDouble(1),
                f.path("status").asInt(0), f.path("replyCode").asInt(0), f.hasNonNull("replyText") ? f.get("replyText").asText() : null,
                f.path("latencyMillis").asLong(0), f.path("jitterMillis").asLong(0),
                f.path("resetAfterSeconds").asLong(f.path("status").asInt(0) == 429 ? 30 : -1));
    }

    /** Auth, rate limit, faults, body checks, the endpoint itself, recording: the path of every API request. */
    private void api(Context ctx, String endpoint, int maxBody, Call call) throws IOException {
        Instant now = clock.instant();
        byte[] raw = ctx.bodyAsBytes();
        boolean v3 = ctx.path().startsWith("/api/v3/");
        String user = v3 ? auth.verifyBearer(ctx.header("Authorization"), now)
                : auth.verifyWsse(ctx.header("X-WSSE") != null ? ctx.header("X-WSSE") : ctx.header("WSSE"), now);
        Reply reply;
        if (user == null) {
            reply = Reply.error(401, 1, "Credentials are invalid");
        } else {
            reply = limited(ctx, user, now);
            if (reply == null) reply = fault(ctx, endpoint, now);
            if (reply == null) reply = invoke(ctx, endpoint, maxBody, raw, call, now);
        }
        byte[] out = writeReply(ctx, reply);
        record(ctx, now, raw, reply.status(), reply.replyCode(), out, endpoint, user);
    }

    private Reply limited(Context ctx, String user, Instant now) {
        if (options.requestsPerMinute() == 0) return null;
        RateLimiter.Decision d = limiter.acquire(user, now.getEpochSecond());
        ctx.header("X-RateLimit-Limit", String.valueOf(d.limit()));
        ctx.header("X-Ratelimit-Remaining", String.valueOf(Math.max(0, d.remaining())));
        ctx.header("X-RateLimit-Reset", String.valueOf(d.resetEpochSecond()));
        return d.allowed() ? null : Reply.error(429, 7003, "Too many requests for this account and resource in the last minute");
    }

    private Reply fault(Context ctx, String endpoint, Instant now) {
        SandboxFault hit = null;
        synchronized (faults) {
            for (Iterator<FaultState> it = faults.iterator(); it.hasNext(); ) {
                FaultState f = it.next();
                if (!f.fault.matches(endpoint)) continue;
                if (f.fault.probability() < 1 && ThreadLocalRandom.current().nextDouble() >= f.fault.probability()) continue;
                if (f.remaining > 0 && --f.remaining == 0) it.remove();
                hit = f.fault;
                break;
            }
        }
        if (hit == null) return null;
        long delay = hit.latencyMillis() + (hit.jitterMillis() > 0 ? ThreadLocalRandom.current().nextLong(hit.jitterMillis()) : 0);
        if (delay > 0) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (hit.status() == 0) return null;
        if (hit.status() == 429) {
            if (hit.resetAfterSeconds() >= 0) ctx.header("X-RateLimit-Reset", String.valueOf(now.getEpochSecond() + hit.resetAfterSeconds()));
            else ctx.res().setHeader("X-RateLimit-Reset", null);
        }
        return Reply.error(hit.status(), hit.replyCode(), hit.replyText());
    }

    private Reply invoke(Context ctx, String endpoint, int maxBody, byte[] raw, Call call, Instant now) {
        ObjectNode body = null;
        if (maxBody > 0) {
            if (raw.length > maxBody) {
                return Reply.error(400, 1001, "Request body of " + raw.length + " bytes exceeds the limit of " + maxBody + " bytes for " + endpoint);
            }
            JsonNode parsed;
            try {
                parsed = raw.length == 0 ? null : json.readTree(raw);
            } catch (IOException e) {
                return Reply.error(400, 1010, "The request body is not valid JSON");
            }
            if (parsed == null || parsed.isMissingNode()) return Reply.error(400, 1006, "Empty request body");
            if (!(parsed instanceof ObjectNode o)) return Reply.error(400, 1001, "The request body must be a JSON object");
            body = o;
        }
        return call.apply(ctx, body, now);
    }

    private void token(Context ctx) throws IOException {
        Instant now = clock.instant();
        byte[] raw = ctx.bodyAsBytes();
        String form = new String(raw, StandardCharsets.UTF_8);
        int status;
        Map<String, Object> out = new LinkedHashMap<>();
        if (!form.contains("grant_type=client_credentials")) {
            status = 400;
            out.put("error", "unsupported_grant_type");
        } else {
            String token = auth.issue(ctx.header("Authorization"), now);
            if (token == null) {
                status = 401;
                out.put("error", "invalid_client");
            } else {
                status = 200;
                out.put("access_token", token);
                out.put("token_type", "bearer");
                out.put("expires_in", options.tokenLifetime().toSeconds());
            }
        }
        byte[] reply = writeJson(ctx, status, out);
        record(ctx, now, raw, status, null, reply, "oauth.token", null);
    }

    private byte[] writeReply(Context ctx, Reply reply) {
        ObjectNode envelope = json.createObjectNode();
        envelope.put("replyCode", reply.replyCode());
        envelope.put("replyText", reply.replyText());
        envelope.set("data", reply.data());
        byte[] out = bytes(envelope);
        ctx.status(reply.status()).contentType("application/json").result(out);
        return out;
    }

    private byte[] writeJson(Context ctx, int status, Object value) {
        byte[] out = bytes(value);
        ctx.status(status).contentType("application/json").result(out);
        return out;
    }

    private void record(Context ctx, Instant now, byte[] body, int status, Integer replyCode, byte[] reply, String endpoint, String user) {
        if (options.recordLimit() == 0) return;
        RecordedRequest r = new RecordedRequest(seq.incrementAndGet(), now, ctx.method().name(), ctx.path(), ctx.queryString(),
                Map.copyOf(ctx.headerMap()), truncate(body), status, replyCode, truncate(reply), endpoint, user);
        synchronized (records) {
            records.addLast(r);
            while (records.size() > options.recordLimit()) records.removeFirst();
        }
    }

    private String truncate(byte[] bytes) {
        int max = options.maxRecordedBody();
        if (bytes.length <= max) return new String(bytes, StandardCharsets.UTF_8);
        return new String(bytes, 0, max, StandardCharsets.UTF_8) + "…[" + bytes.length + " bytes]";
    }

    private byte[] bytes(Object value) {
        try {
            return json.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int intParam(Context ctx, String name, int dflt) {
        String v = ctx.queryParam(name);
        return v == null ? dflt : Integer.parseInt(v);
    }

}
