package io.emarsysdest.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.emarsysdest.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/openapi.yaml describes every route the server registers, and is well formed. */
class OpenApiTest {
    private static final Pattern ROUTE = Pattern.compile("\\.(get|post|put|delete|patch)\\(\"(/[^\"]*)\"");

    private static JsonNode spec() throws IOException {
        return new ObjectMapper(new YAMLFactory()).readTree(Files.readAllBytes(Path.of("..", "docs", "openapi.yaml")));
    }

    /** "get /api/rules/{id}" for every route registration in the server's sources; /v1/ + type expands per type. */
    private static Set<String> registeredRoutes() throws IOException {
        Set<String> routes = new TreeSet<>();
        try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = ROUTE.matcher(Files.readString(f));
                while (m.find()) {
                    String path = m.group(2);
                    if (path.equals("/v1/")) {
                        for (EventType t : EventType.values()) routes.add(m.group(1) + " /v1/" + t.wireName());
                    } else {
                        routes.add(m.group(1) + " " + path);
                    }
                }
            }
        }
        return routes;
    }

    @Test
    void everyRegisteredRouteIsDocumented() throws IOException {
        JsonNode paths = spec().path("paths");
        Set<String> routes = registeredRoutes();
        assertThat(routes).contains("post /v1/batch", "post /v1/track", "get /api/persons/{id}", "get /metrics");
        for (String route : routes) {
            String[] mp = route.split(" ", 2);
            assertThat(paths.path(mp[1]).has(mp[0])).as("docs/openapi.yaml documents %s", route).isTrue();
        }
    }

    @Test
    void theSpecIsWellFormed() throws IOException {
        JsonNode spec = spec();
        assertThat(spec.path("openapi").asText()).startsWith("3.");
        spec.path("paths").fields().forEachRemaining(p -> p.getValue().fields().forEachRemaining(op -> {
            if (op.getKey().equals("parameters")) return;
            assertThat(op.getValue().path("responses").isEmpty()).as("%s %s has responses", op.getKey(), p.getKey()).isFalse();
            assertThat(op.getValue().path("summary").asText()).as("%s %s has a summary", op.getKey(), p.getKey()).isNotBlank();
        }));
    }
}
