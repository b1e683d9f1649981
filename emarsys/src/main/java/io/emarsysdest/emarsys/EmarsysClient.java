package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * The Emarsys Core API client on the JDK HTTP client (HTTP/1.1 keep-alive, gzip replies, timeouts).
 * <p>
 * {@link #call} is the raw form: it returns every HTTP reply as an {@link EmarsysResponse} and throws only for
 * network errors and timeouts ({@link IOException}; {@link OAuthTokenException} when no token could be had).
 * With OAuth, a 401 drops the cached token and the request is retried once. The typed operations throw
 * {@link EmarsysApiException} for anything but success, and report per-item errors in their results.
 * Thread-safe; share one per account.
 */
public final class EmarsysClient {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USER_AGENT = "emarsys-destination/0.1 (+java.net.http)";

    private final EmarsysSettings settings;
    private final HttpClient http;
    private final Authenticator auth;
    private final InstantSource clock;
    private final EmarsysMetrics metrics;
    private volatile Exchange.Listener exchanges = Exchange.Listener.NONE;
    private final java.util.List<java.util.function.Consumer<RateLimitInfo>> rateLimitListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** Production form: SecureRandom nonces; {@code registry} may be null (metrics then go nowhere). */
    public static EmarsysClient create(EmarsysSettings settings, InstantSource clock, MeterRegistry registry) {
        HttpClient http = httpClient(settings);
        return new EmarsysClient(settings, http, authenticator(settings, http, clock, new SecureRandom()), clock, registry);
    }

    public EmarsysClient(EmarsysSettings settings, HttpClient http, Authenticator auth, InstantSource clock, MeterRegistry registry) {
        this.settings = settings;
        this.http = http;
        this.auth = auth;
        this.clock = clock;
        this.metrics = new EmarsysMetrics(registry == null ? new SimpleMeterRegistry() : registry);
    }

    public static HttpClient httpClient(EmarsysSettings settings) {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** OAuth 2.0 when the settings have client credentials, else WSSE with nonces from {@code random}. */
    public static Authenticator authenticator(EmarsysSettings s, HttpClient http, InstantSource clock,
                                              java.util.random.RandomGenerator random) {
        if (s.usesOAuth()) {
            return new OAuth2Authenticator(http, s.tokenUrl(), s.clientId(), s.clientSecret(), clock, s.requestTimeout());
        }
        return new WsseAuthenticator(s.user(), s.secret(), clock, random);
    }

    public EmarsysSettings clientSettings() {
        return settings;
    }

    public Authenticator authenticator() {
        return auth;
    }

    /** Every request from now on, with its body and reply, goes to {@code listener} too (see {@link Exchange}). */
    public void onExchange(Exchange.Listener listener) {
        this.exchanges = listener == null ? Exchange.Listener.NONE : listener;
    }

    /**
     * Calls {@code listener} with the rate-limit headers of every answer that has any (on the calling thread, before
     * {@link #call} returns), so the request budget can learn the account's real limit and what is left of it.
     */
    public void onRateLimit(java.util.function.Consumer<RateLimitInfo> listener) {
        rateLimitListeners.add(listener);
    }

    // ---- raw call ----

    /**
     * Sends one request.
     *
     * @param endpoint metric name such as {@code contact.upsert}
     * @param path     relative to the base URL, e.g. {@code contact/?create_if_not_exists=1}
     * @param body     JSON body or null
     * @param items    how many items the body carries (for metrics; 0 if not a batch)
     */
    public EmarsysResponse call(String endpoint, String method, String path, JsonNode body, int items)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        Instant at = clock.instant();
        String outcome = "network_error";
        byte[] bytes = null;
        EmarsysResponse response = null;
        String error = null;
        try {
            bytes = body == null ? null : JSON.writeValueAsBytes(body);
            response = send(method, path, bytes);
            if (response.httpStatus() == 401 && auth.onUnauthorized()) {
                response = send(method, path, bytes); // one retry with a fresh token
            }
            outcome = EmarsysMetrics.outcome(response);
            return response;
        } catch (HttpTimeoutException e) {
            outcome = "timeout";
            error = "timeout: " + e.getMessage();
            throw e;
        } catch (OAuthTokenException e) {
            outcome = "token_error";
            error = "no OAuth token: " + e.getMessage();
            throw e;
        } catch (IOException | RuntimeException e) {
            error = e.toString();
            throw e;
        } finally {
            long nanos = System.nanoTime() - start;
            metrics.record(endpoint, outcome, items, Duration.ofNanos(nanos));
            Exchange.Listener listener = exchanges;
            if (listener != Exchange.Listener.NONE) {
                listener.exchanged(response == null
                        ? new Exchange(at, endpoint, method, path, bytes, null, null, null, null, error == null ? "interrupted" : error, nanos)
                        : new Exchange(at, endpoint, method, path, bytes, response.httpStatus(), response.replyCode(),
                        response.replyText(), response.body(), null, nanos));
            }
        }
    }

    private EmarsysResponse send(String method, String path, byte[] body) throws IOException, InterruptedException {
        EmarsysResponse r = exchange(method, path, body);
        RateLimitInfo rate = r.rateLimit();
        if (rate.limit() != null || rate.remaining() != null) {
            for (var l : rateLimitListeners) l.accept(rate);
        }
        return r;
    }

    private EmarsysResponse exchange(String method, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(settings.baseUrl() + path))
                .timeout(settings.requestTimeout())
                .header("Accept", "application/json")
                .header("Accept-Encoding", "gzip")
                .header("User-Agent", USER_AGENT);
        if (body != null) {
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        auth.authenticate(request);
        HttpResponse<byte[]> response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        return parse(response);
    }

    private EmarsysResponse parse(HttpResponse<byte[]> response) throws IOException {
        byte[] raw = response.body();
        if (response.headers().firstValue("content-encoding").map(v -> v.toLowerCase().contains("gzip")).orElse(false)) {
            try (InputStream in = new GZIPInputStream(new ByteArrayInputStream(raw))) {
                raw = in.readAllBytes();
            }
        }
        String text = new String(raw, StandardCharsets.UTF_8);
        RateLimitInfo rate = RateLimitInfo.of(response.headers(), clock.instant());
        JsonNode tree = null;
        try {
            tree = raw.length == 0 ? null : JSON.readTree(raw);
        } catch (IOException e) {
            // not JSON (proxy error page, truncated reply): keep the text, replyCode stays null
        }
        if (tree == null || !tree.isObject() || !tree.has("replyCode")) {
            return new EmarsysResponse(response.statusCode(), null, null, tree, rate, text);
        }
        Integer code = Replies.integer(tree.get("replyCode"));
        return new EmarsysResponse(response.statusCode(), code, Replies.text(tree.get("replyText")), tree.get("data"), rate, text);
    }

    private EmarsysResponse ok(String endpoint, EmarsysResponse r) {
        if (!r.isSuccess()) throw new EmarsysApiException(endpoint, r);
        return r;
    }

    /** A path segment, escaped (ids are numeric in practice). */
    static String seg(Object id) {
        return URLEncoder.encode(String.valueOf(id), StandardCharsets.UTF_8);
    }

    // ---- contacts ----

    /** {@code PUT contact/?create_if_not_exists=1}, batch form (at most 1000 contacts, 8 MB). */
    public ItemsResult upsertContacts(String keyId, List<? extends JsonNode> contacts) throws IOException, InterruptedException {
        EmarsysResponse r = ok("contact.upsert", call("contact.upsert", "PUT", "contact/?create_if_not_exists=1",
                EmarsysRequests.upsert(keyId, contacts), contacts.size()));
        return new ItemsResult(Replies.strings(r.data().path("ids")), r.itemErrors(), null);
    }

    /** {@code POST contact/getdata}; {@code fields} null for all. Keys not found are errors (2008), not exceptions. */
    public ContactData getData(String keyId, Collection<String> keyValues, Collection<String> fields)
            throws IOException, InterruptedException {
        EmarsysResponse r = ok("contact.getdata", call("contact.getdata", "POST", "contact/getdata",
                EmarsysRequests.getData(keyId, keyValues, fields), keyValues.size()));
        List<ObjectNode> contacts = new ArrayList<>();
        JsonNode result = r.data().path("result"); // false when nothing was found
        if (result.isArray()) result.forEach(c -> {
            if (c instanceof ObjectNode o) contacts.add(o);
        });
        return new ContactData(contacts, r.itemErrors());
    }

    /** {@code POST contact/delete}: irreversible. */
    public ItemsResult deleteContacts(String keyId, Collection<String> keyValues) throws IOException, InterruptedException {
        EmarsysResponse r = ok("contact.delete", call("contact.delete", "POST", "contact/delete",
                EmarsysRequests.deleteContacts(keyId, keyValues), keyValues.size()));
        return new ItemsResult(List.of(), r.itemErrors(), Replies.integer(r.data().path("deleted_contacts")));
    }

    // ---- fields ----

    /** {@code GET field/translate/en}. */
    public List<Field> listFields() throws IOException, InterruptedException {
        EmarsysResponse r = ok("field.list", call("field.list", "GET", "field/translate/en", null, 0));
        List<Field> out = new ArrayList<>();
        for (JsonNode f : r.data()) {
            Integer id = Replies.integer(f.get("id"));
            if (id != null) out.add(new Field(id, Replies.text(f.get("name")), Replies.text(f.get("application_type")),
                    Replies.text(f.get("string_id"))));
        }
        return out;
    }

    /** {@code GET field/{id}/choice}: single-choice fields only; Emarsys refuses multichoice fields here (2006, thrown). */
    public List<FieldChoice> fieldChoices(int fieldId) throws IOException, InterruptedException {
        EmarsysResponse r = ok("field.choices", call("field.choices", "GET", "field/" + fieldId + "/choice", null, 0));
        List<FieldChoice> out = new ArrayList<>();
        for (JsonNode c : r.data()) {
            out.add(new FieldChoice(Replies.text(c.get("id")), Replies.text(c.get("choice")), Replies.integer(c.get("bit_position"))));
        }
        return out;
    }

    /**
     * {@code GET field/choices?fields=a,b&language=en}: the options of multichoice fields, by field id. Ids are sent
     * as given; a field that is not multichoice fails the request (2006, thrown).
     */
    public Map<Integer, List<FieldChoice>> multichoiceChoices(Collection<Integer> fieldIds) throws IOException, InterruptedException {
        String ids = String.join(",", fieldIds.stream().map(String::valueOf).toList());
        EmarsysResponse r = ok("field.multichoices", call("field.multichoices", "GET", "field/choices?fields=" + ids + "&language=en", null, 0));
        Map<Integer, List<FieldChoice>> out = new LinkedHashMap<>();
        r.data().fields().forEachRemaining(e -> {
            Integer id = Replies.integer(JSON.getNodeFactory().textNode(e.getKey()));
            if (id == null) return;
            List<FieldChoice> choices = new ArrayList<>();
            for (JsonNode c : e.getValue()) {
                choices.add(new FieldChoice(Replies.text(c.get("id")), Replies.text(c.get("choice")), Replies.integer(c.get("bit_position"))));
            }
            out.put(id, choices);
        });
        return out;
    }

    // ---- external events ----

    public List<ExternalEvent> listEvents() throws IOException, InterruptedException {
        EmarsysResponse r = ok("event.list", call("event.list", "GET", "event", null, 0));
        List<ExternalEvent> out = new ArrayList<>();
        for (JsonNode e : r.data()) {
            Integer id = Replies.integer(e.get("id"));
            if (id != null) out.add(new ExternalEvent(id, Replies.text(e.get("name")), Replies.text(e.get("created"))));
        }
        return out;
    }

    /** {@code POST event}; a duplicate name is 5003 (thrown). */
    public ExternalEvent createEvent(String name) throws IOException, InterruptedException {
        EmarsysResponse r = ok("event.create", call("event.create", "POST", "event",
                JSON.createObjectNode().put("name", name), 0));
        Integer id = Replies.integer(r.data().path("id"));
        if (id == null) throw new EmarsysApiException("event.create", r);
        return new ExternalEvent(id, name, null);
    }

    /** {@code GET event/{id}/usages}: what the event feeds; all empty means triggering it starts nothing. */
    public EventUsages eventUsages(String eventId) throws IOException, InterruptedException {
        EmarsysResponse r = ok("event.usages", call("event.usages", "GET", "event/" + seg(eventId) + "/usages", null, 0));
        return new EventUsages(Replies.strings(r.data().path("program_ids")), Replies.strings(r.data().path("email_ids")),
                Replies.strings(r.data().path("interactions_program_ids")));
    }

    /** {@code POST event/{id}/trigger}, single form. The contact must exist (else 2008, thrown). */
    public void triggerEvent(String eventId, String keyId, EventTrigger trigger) throws IOException, InterruptedException {
        ok("event.trigger", call("event.trigger", "POST", "event/" + seg(eventId) + "/trigger",
                EmarsysRequests.trigger(keyId, trigger), 1));
    }

    /** {@code POST event/{id}/trigger}, batch form (at most 1000, 1 MB); per-contact errors (e.g. 2008) in the result. */
    public ItemsResult triggerEvents(String eventId, String keyId, List<EventTrigger> triggers) throws IOException, InterruptedException {
        List<ObjectNode> items = triggers.stream().map(EmarsysRequests::triggerItem).toList();
        EmarsysResponse r = ok("event.trigger", call("event.trigger", "POST", "event/" + seg(eventId) + "/trigger",
                EmarsysRequests.triggerBatch(keyId, items), items.size()));
        return new ItemsResult(Replies.strings(r.data().path("ids")), r.itemErrors(), null);
    }

    // ---- contact lists ----

    public List<ContactList> listContactLists() throws IOException, InterruptedException {
        EmarsysResponse r = ok("contactlist.list", call("contactlist.list", "GET", "contactlist", null, 0));
        List<ContactList> out = new ArrayList<>();
        for (JsonNode l : r.data()) {
            out.add(new ContactList(Replies.text(l.get("id")), Replies.text(l.get("name")), Replies.text(l.get("created"))));
        }
        return out;
    }

    /** {@code POST contactlist}; returns the new list id in {@code ids} and per-id errors. A duplicate name is 3005 (thrown). */
    public ItemsResult createContactList(String name, String description, String keyId, Collection<String> externalIds)
            throws IOException, InterruptedException {
        EmarsysResponse r = ok("contactlist.create", call("contactlist.create", "POST", "contactlist",
                EmarsysRequests.createList(name, description, keyId, externalIds), externalIds.size()));
        return new ItemsResult(Replies.strings(r.data().path("id")), r.itemErrors(), null);
    }

    /** {@code POST contactlist/{id}/add}; {@code count} = inserted_contacts. Unknown contacts are 2008 per id. */
    public ItemsResult addToContactList(String listId, String keyId, Collection<String> externalIds)
            throws IOException, InterruptedException {
        EmarsysResponse r = ok("contactlist.add", call("contactlist.add", "POST", "contactlist/" + seg(listId) + "/add",
                EmarsysRequests.listMembers(keyId, externalIds), externalIds.size()));
        return new ItemsResult(List.of(), r.itemErrors(), Replies.integer(r.data().path("inserted_contacts")));
    }

    /** {@code POST contactlist/{id}/delete}; {@code count} = deleted_contacts. */
    public ItemsResult removeFromContactList(String listId, String keyId, Collection<String> externalIds)
            throws IOException, InterruptedException {
        EmarsysResponse r = ok("contactlist.delete", call("contactlist.delete", "POST", "contactlist/" + seg(listId) + "/delete",
                EmarsysRequests.listMembers(keyId, externalIds), externalIds.size()));
        return new ItemsResult(List.of(), r.itemErrors(), Replies.integer(r.data().path("deleted_contacts")));
    }

    /** {@code GET contactlist/{id}/count}. */
    public int countContactList(String listId) throws IOException, InterruptedException {
        EmarsysResponse r = ok("contactlist.count", call("contactlist.count", "GET", "contactlist/" + seg(listId) + "/count", null, 0));
        Integer n = Replies.integer(r.data());
        if (n == null) throw new EmarsysApiException("contactlist.count", r);
        return n;
    }

    // ---- account ----

    /** {@code GET settings}. */
    public AccountSettings accountSettings() throws IOException, InterruptedException {
        EmarsysResponse r = ok("settings", call("settings", "GET", "settings", null, 0));
        Integer id = Replies.integer(r.data().path("id"));
        return new AccountSettings(id == null ? 0 : id, Replies.text(r.data().path("name")), r.data());
    }

    /** The connection test public clients use: {@code GET settings} answers replyCode 0 and an account id > 0. */
    public AccountSettings testConnection() throws IOException, InterruptedException {
        AccountSettings s = accountSettings();
        if (s.id() <= 0) throw new IllegalStateException("settings answered without an account id: " + s.raw());
        return s;
    }
}
