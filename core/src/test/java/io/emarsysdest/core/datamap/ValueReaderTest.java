package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.event.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ValueReaderTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-11-23T10:00:00Z");

    private static Event event(String body) throws Exception {
        return new Event(1, "m1", EventType.IDENTIFY, "u1", null, T, T, null, T, (ObjectNode) JSON.readTree(body));
    }

    @Test
    void readsThroughTheEventsSharedParentNodesExactlyAsTheWholePath() throws Exception {
        Event e = event("{\"traits\":{\"email\":\"a@b.c\",\"address\":{\"city\":\"Oslo\"},\"items\":[{\"sku\":\"x\"}],\"0\":\"zero\"},"
                + "\"context\":{\"traits\":{\"email\":\"ctx@b.c\",\"company\":\"Acme\"}},\"properties\":{\"items\":[\"p\",\"q\"]}}");
        ObjectNode person = (ObjectNode) JSON.readTree("{\"plan\":\"pro\",\"address\":{\"city\":\"Lyon\"}}");
        String[] paths = {"traits.email", "context.traits.email", "traits.address.city", "traits.address.city.x", "traits.missing",
                "context.traits.company.name", "context.traits.company", "traits.items[0].sku", "traits.items.0.sku",
                "properties.items.1", "traits.0", "userId", "traits", "person.traits.plan", "person.traits.address.city",
                "person.traits.nothing.here"};
        EvalContext ctx = new EvalContext(e, person);
        for (int round = 0; round < 2; round++) { // the second round reads the parents from the memo
            for (String p : paths) {
                ValueReader r = ValueReader.compile(p);
                assertThat(r.read(ctx)).as(p).isEqualTo(r.read(e.body(), person));
            }
        }
        assertThat(ValueReader.compile("traits.address.city").read(ctx).asText()).isEqualTo("Oslo");
        assertThat(ValueReader.compile("person.traits.address.city").read(ctx).asText()).isEqualTo("Lyon");
        assertThat(ValueReader.compile("traits.items.0.sku").read(ctx).asText()).isEqualTo("x");
    }

    @Test
    void personReadersWithoutPersonTraitsFindNothing() throws Exception {
        EvalContext ctx = new EvalContext(event("{\"traits\":{\"plan\":\"free\"}}"), null);
        assertThat(ValueReader.compile("person.traits.plan").read(ctx).isMissingNode()).isTrue();
        assertThat(ValueReader.compile("traits.plan").read(ctx).asText()).isEqualTo("free");
    }

    @Test
    void theContextReadsEachParentOnceAndKeepsBodyAndPersonApart() throws Exception {
        EvalContext ctx = new EvalContext(event("{\"traits\":{\"plan\":\"free\"}}"), (ObjectNode) JSON.readTree("{\"plan\":\"pro\"}"));
        JsonPath traits = JsonPath.compile("traits");
        assertThat(ctx.node(traits, false)).isSameAs(ctx.node(traits, false));
        assertThat(ctx.node(JsonPath.compile("plan"), true).asText()).isEqualTo("pro");
        assertThat(ctx.node(JsonPath.compile("plan"), false).isMissingNode()).isTrue();
        for (int i = 0; i < 40; i++) assertThat(ctx.node(JsonPath.compile("traits.plan"), false).asText()).isEqualTo("free"); // beyond the memo
    }
}
