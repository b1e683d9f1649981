package io.emarsysdest.server.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Every 4xx answer of every /api route matches the error schema of docs/openapi.yaml (success false, error, message,
 * problems): without the key, with unknown ids, with bodies that are not JSON, with integer query parameters that are
 * not numbers or are below their documented minimum (400 naming the parameter), and for /api routes that do not exist
 * (JSON 404). The routes and parameters are read from the spec, so a new route is walked too.
 */
class ApiErrorShapeTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static JsonNode spec;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        spec = new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(Path.of("..", "docs", "openapi.yaml")));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** One documented operation: method, path template, and its parameters (refs resolved). */
    record Operation(String method, String path, List<JsonNode> parameters, boolean hasBody) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private static List<Operation> apiOperations() {
        List<Operation> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> p = paths.next();
            if (!p.getKey().startsWith("/api/")) continue;
            for (Iterator<Map.Entry<String, JsonNode>> ops = p.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                if (op.getKey().equals("parameters")) continue;
                List<JsonNode> params = new ArrayList<>();
                for (JsonNode param : op.getValue().path("parameters")) params.add(resolve(param));
                for (JsonNode param : p.getValue().path("parameters")) params.add(resolve(param));
                out.add(new Operation(op.getKey().toUpperCase(), p.getKey(), params, op.getValue().has("requestBody")));
            }
        }
        return out;
    }

    private static JsonNode resolve(JsonNode node) {
        if (!node.has("$ref")) return node;
        JsonNode target = spec;
        for (String part : node.get("$ref").asText().substring(2).split("/")) target = target.path(part);
        return target;
    }

    private HttpResponse<String> send(String method, String pathAndQuery, String body, boolean withKey) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.baseUrl() + pathAndQuery))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json");
        if (withKey) b.header("Authorization", "Bearer " + TestServer.ADMIN_KEY);
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The path with its parameters filled: integer ones with {@code number}, the others with {@code text}. */
    private static String fill(Operation op, String number, String text) {
        String path = op.path();
        for (JsonNode p : op.parameters()) {
            if (!p.path("in").asText().equals("path")) continue;
            boolean integer = p.path("schema").path("type").asText().equals("integer");
            path = path.replace("{" + p.path("name").asText() + "}", integer ? number : text);
        }
        return path;
    }

    @Test
    void every4xxAnswerOfEveryApiRouteHasTheDocumentedErrorShape() throws Exception {
        SoftAssertions soft = new SoftAssertions();
        List<Operation> ops = apiOperations();
        soft.assertThat(ops).hasSizeGreaterThan(40);
        for (Operation op : ops) {
            String known = fill(op, "999999", "no-such-id");
            String body = op.hasBody() ? "{not json" : null;
            check(soft, op + " without the key", send(op.method(), known, body, false), 401, null);
            HttpResponse<String> unknown = send(op.method(), known, op.hasBody() ? "{}" : null, true);
            if (unknown.statusCode() >= 400) check(soft, op + " unknown ids", unknown, unknown.statusCode(), null);
            if (op.hasBody()) check(soft, op + " body not JSON", send(op.method(), known, body, true), 400, null);
            if (op.path().contains("{")) {
                for (JsonNode p : op.parameters()) {
                    if (p.path("in").asText().equals("path") && p.path("schema").path("type").asText().equals("integer")) {
                        check(soft, op + " " + p.path("name").asText() + "=abc",
                                send(op.method(), fill(op, "abc", "no-such-id"), op.hasBody() ? "{}" : null, true), 400, null);
                    }
                }
            }
            for (JsonNode p : op.parameters()) {
                if (!p.path("in").asText().equals("query") || !p.path("schema").path("type").asText().equals("integer")) continue;
                String name = p.path("name").asText();
                String base = op.path().equals("/api/persons") ? "userId=nobody&" : "";
                // a negative number is refused where the spec documents a minimum (limits, offsets, versions)
                List<String> bads = p.path("schema").path("minimum").asInt(-1) >= 0 ? List.of("abc", "-1") : List.of("abc");
                for (String bad : bads) {
                    check(soft, op + " ?" + name + "=" + bad,
                            send(op.method(), known + "?" + base + name + "=" + bad, op.hasBody() ? "{}" : null, true), 400, name);
                }
            }
        }
        for (String[] r : new String[][]{{"GET", "/api/no-such-route"}, {"POST", "/api/rules/x/y/z"}, {"GET", "/api"},
                {"DELETE", "/api/settings"}, {"PATCH", "/api/rules"}}) {
            check(soft, r[0] + " " + r[1] + " (no such route)", send(r[0], r[1], null, true), 404, null);
        }
        soft.assertAll();
    }

    /** The answer has {@code status} and a body valid against the spec's Error schema; {@code names}: a problem's path. */
    private void check(SoftAssertions soft, String what, HttpResponse<String> r, int status, String names) {
        soft.assertThat(r.statusCode()).as("%s: status (body %s)", what, r.body()).isEqualTo(status);
        soft.assertThat(r.headers().firstValue("Content-Type").orElse("")).as("%s: content type", what).startsWith("application/json");
        JsonNode body;
        try {
            body = json.readTree(r.body());
        } catch (Exception e) {
            soft.fail("%s: the body is not JSON: %s", what, r.body());
            return;
        }
        List<String> violations = new ArrayList<>();
        validate(body, spec.path("components").path("schemas").path("Error"), "", violations);
        soft.assertThat(violations).as("%s: %s matches the Error schema", what, r.body()).isEmpty();
        soft.assertThat(body.path("success").isBoolean() && !body.path("success").asBoolean()).as("%s: success is false", what).isTrue();
        if (names != null) {
            List<String> paths = new ArrayList<>();
            body.path("problems").forEach(p -> paths.add(p.path("path").asText()));
            soft.assertThat(paths).as("%s: a problem names the parameter (%s)", what, r.body()).contains(names);
        }
    }

    /** The parts of JSON Schema the spec uses for errors: $ref, type, required, properties, items. */
    private static void validate(JsonNode value, JsonNode schema, String at, List<String> violations) {
        schema = resolve(schema);
        String type = schema.path("type").asText("");
        boolean ok = switch (type) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "boolean" -> value.isBoolean();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            default -> true;
        };
        if (!ok) {
            violations.add(at + " is not " + type);
            return;
        }
        for (JsonNode req : schema.path("required")) {
            if (!value.has(req.asText())) violations.add(at + "." + req.asText() + " is missing");
        }
        for (Iterator<Map.Entry<String, JsonNode>> props = schema.path("properties").fields(); props.hasNext(); ) {
            Map.Entry<String, JsonNode> prop = props.next();
            if (value.has(prop.getKey()) && !value.get(prop.getKey()).isNull()) {
                validate(value.get(prop.getKey()), prop.getValue(), at + "." + prop.getKey(), violations);
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) validate(value.get(i), schema.get("items"), at + "[" + i + "]", violations);
        }
    }
}
