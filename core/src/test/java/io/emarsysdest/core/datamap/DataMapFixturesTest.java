package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the fixture files under {@code datamap/}: {@code cases/} (event + maps → expected Emarsys fields, lists,
 * warnings), {@code invalid/} (map → expected problems) and {@code valid/} (map → no problems).
 */
public class DataMapFixturesTest {

    static Stream<Path> cases() {
        return files("datamap/cases");
    }

    static Stream<Path> invalid() {
        return files("datamap/invalid");
    }

    static Stream<Path> valid() {
        return files("datamap/valid");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void event_and_maps_give_the_expected_emarsys_items(Path file) {
        ObjectNode fx = read(file);
        FieldCatalog catalog = catalog(fx);
        List<DataMap> maps = new ArrayList<>();
        for (JsonNode m : fx.path("maps")) {
            assertThat(DataMapCompiler.validate(m, catalog)).as("maps of a case must be valid").isEmpty();
            maps.add(DataMapJson.parse(m).map());
        }
        List<AudienceListMapping> audiences = new ArrayList<>();
        for (JsonNode a : fx.path("audiences")) {
            List<Problem> problems = new ArrayList<>();
            audiences.add(DataMapBundle.parseAudience(a, problems, ""));
            assertThat(problems).isEmpty();
        }
        DataMapSet set = DataMapSet.assemble(maps, catalog, AudienceSync.defaults(audiences));
        assertThat(set.problems()).isEmpty();

        ObjectNode person = fx.has("personTraits") ? (ObjectNode) fx.get("personTraits") : null;
        String key = fx.path("keyValue").asText(null);
        MapResult r = set.evaluate(TestEvents.event(fx.get("event")), person, key);

        JsonNode expect = fx.get("expect");
        assertThat(r.keyValue()).as("keyValue").isEqualTo(expect.path("keyValue").asText(null));
        assertThat(r.hasContactUpdate()).as("contactUpdate").isEqualTo(expect.path("contactUpdate").asBoolean());
        assertThat(r.fields().equals(NUMERIC, expect.get("fields")))
                .as("fields: got %s, expected %s", r.fields(), expect.get("fields")).isTrue();
        ArrayNode lists = JsonNodeFactory.instance.arrayNode();
        for (ListChange c : r.lists()) lists.addObject().put("target", c.target().toTarget()).put("add", c.add());
        assertThat(lists).as("lists").isEqualTo(expect.get("lists"));
        assertThat(pairs(r.warnings())).as("warnings %s", r.warnings()).isEqualTo(pairs(expect.get("warnings")));
        if (expect.has("operations")) {
            ArrayNode ops = JsonNodeFactory.instance.arrayNode();
            for (ContactOperation op : r.operations()) {
                ObjectNode o = ops.addObject().put("op", op.op().name());
                if (op.target() != null) o.put("target", op.target());
                if (op.payload() != null) o.set("payload", op.payload());
            }
            assertThat(ops.equals(NUMERIC, expect.get("operations"))).as("operations: got %s", ops).isTrue();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalid_maps_report_every_problem(Path file) {
        ObjectNode fx = read(file);
        List<Problem> problems = DataMapCompiler.validate(fx.get("map"), catalog(fx));
        assertThat(pairs(problems)).as("problems %s", problems).isEqualTo(pairs(fx.get("problems")));
        for (Problem p : problems) assertThat(p.message()).isNotBlank();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("valid")
    void valid_maps_have_no_problems_and_survive_a_round_trip(Path file) {
        ObjectNode fx = read(file);
        FieldCatalog catalog = catalog(fx);
        assertThat(DataMapCompiler.validate(fx.get("map"), catalog)).isEmpty();
        ObjectNode canonical = DataMapJson.write(DataMapJson.parse(fx.get("map")).map());
        assertThat(DataMapCompiler.validate(canonical, catalog)).isEmpty();
        assertThat(DataMapJson.write(DataMapJson.parse(canonical).map())).isEqualTo(canonical);
    }

    /** Numbers compare by value (1234.5 == 1234.50, int 7 == long 7); everything else structurally. */
    public static final Comparator<JsonNode> NUMERIC = (a, b) -> {
        if (a.isNumber() && b.isNumber()) return a.decimalValue().compareTo(b.decimalValue());
        return a.equals(b) ? 0 : 1;
    };

    private static Set<String> pairs(List<Problem> problems) {
        Set<String> out = new HashSet<>();
        for (Problem p : problems) out.add(p.path() + " " + p.code());
        return out;
    }

    private static Set<String> pairs(JsonNode expected) {
        Set<String> out = new HashSet<>();
        for (JsonNode p : expected) out.add(p.path("path").asText() + " " + p.path("code").asText());
        return out;
    }

    public static FieldCatalog catalog(ObjectNode fx) {
        List<Field> fields = new ArrayList<>(StandardFields.catalog().all());
        for (JsonNode f : fx.path("extraFields")) {
            Map<String, String> choices = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = f.path("choices").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                choices.put(e.getKey(), e.getValue().asText());
            }
            String id = f.get("id").asText();
            fields.add(new Field(id, f.get("name").asText(), null, FieldType.fromEmarsys(f.get("type").asText(), id), false, choices));
        }
        return new InMemoryFieldCatalog(fields);
    }

    private static ObjectNode read(Path file) {
        try {
            return (ObjectNode) TestEvents.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Stream<Path> files(String dir) {
        try {
            Path root = Path.of(DataMapFixturesTest.class.getClassLoader().getResource(dir).toURI());
            try (Stream<Path> s = Files.list(root)) {
                return s.filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
