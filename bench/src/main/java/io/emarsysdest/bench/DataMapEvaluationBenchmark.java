package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceListMapping;
import io.emarsysdest.core.datamap.AudienceSync;
import io.emarsysdest.core.datamap.DataMap;
import io.emarsysdest.core.datamap.DataMapJson;
import io.emarsysdest.core.datamap.DataMapSet;
import io.emarsysdest.core.datamap.ListTarget;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.core.datamap.StandardFields;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Data-map evaluation per event on one thread (so ops/s = events/s per core): what the processor calls for every
 * event. Target ≥ 200,000 events/s. Run:
 * {@code ./mvnw -q -B -pl bench -am package -DskipTests && java -jar bench/target/bench.jar DataMapEvaluation}
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@Threads(1)
@State(Scope.Thread)
public class DataMapEvaluationBenchmark {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 1024; // distinct events, cycled, so no single tree stays hot in L1

    private DataMapSet defaultOnly;
    private DataMapSet configured;
    private Event[] identifies;
    private Event[] tracks;
    private Event[] mixed;
    private ObjectNode personTraits;
    private int i;

    @Setup
    public void setup() throws Exception {
        defaultOnly = DataMapSet.assemble(List.of(), StandardFields.catalog(), AudienceSync.defaults(List.of()));
        DataMap custom = DataMapJson.parse(JSON.readTree("""
                {"id":"custom","mappings":[
                  {"template":"{{traits.address.street}}, {{traits.address.postalCode}} {{traits.address.city}}","to":"Company Address"},
                  {"from":"person.traits.plan","to":"Job Position","values":{"pro":"Manager","free":"Other"}},
                  {"from":"traits.newsletter","to":"31"},
                  {"from":"properties.items[0].sku","to":"Partner first name",
                   "appliesTo":{"types":["track"],"events":["Order Completed"],"where":[{"path":"properties.revenue","op":"gte","value":20}]}}],
                 "lists":[{"list":"555","action":"remove","appliesTo":{"types":["track"],"events":["Newsletter Unsubscribed"]}}]}""")).map();
        configured = DataMapSet.assemble(List.of(custom), StandardFields.catalog(),
                AudienceSync.defaults(List.of(new AudienceListMapping("vip", new ListTarget.ById("7001"), true))));
        personTraits = (ObjectNode) JSON.readTree("{\"plan\":\"pro\",\"email\":\"someone@example.com\"}");
        identifies = new Event[EVENTS];
        tracks = new Event[EVENTS];
        mixed = new Event[EVENTS];
        for (int n = 0; n < EVENTS; n++) {
            identifies[n] = event(EventType.IDENTIFY, """
                    {"type":"identify","userId":"u-%d","traits":{"email":"user%d@example.com","firstName":"Jane","lastName":"Doe%d",
                     "phone":"+49 30 %d","birthday":"1990-05-17T00:00:00.000Z","gender":"female","newsletter":true,
                     "address":{"street":"Main St %d","city":"Berlin","postalCode":"10115","country":"DE"},"company":{"name":"Acme"}},
                     "context":{"library":{"name":"analytics-java","version":"3.5.4"}}}""".formatted(n, n, n, n, n));
            tracks[n] = event(EventType.TRACK, """
                    {"type":"track","event":"Order Completed","userId":"u-%d","properties":{"order_id":"o-%d","revenue":42.5,
                     "currency":"EUR","items":[{"sku":"SKU-%d","price":42.5}]},"context":{"traits":{"email":"user%d@example.com"},
                     "library":{"name":"analytics-java","version":"3.5.4"}}}""".formatted(n, n, n, n));
            mixed[n] = switch (n % 4) {
                case 0 -> identifies[n];
                case 1 -> event(EventType.IDENTIFY, """
                        {"type":"identify","userId":"u-%d","traits":{"email":"user%d@example.com","vip":%s},
                         "context":{"personas":{"computation_class":"audience","computation_key":"vip"}}}""".formatted(n, n, n % 8 == 1));
                case 2 -> tracks[n];
                default -> event(EventType.PAGE, """
                        {"type":"page","name":"Pricing","userId":"u-%d","properties":{"path":"/pricing"},
                         "context":{"traits":{"email":"user%d@example.com"}}}""".formatted(n, n));
            };
        }
    }

    private static Event event(EventType type, String json) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(json);
        Instant now = Instant.parse("2026-11-23T10:00:00Z");
        return new Event(1, "m", type, body.path("userId").asText(), null, now, now, null, now, body);
    }

    private int next() {
        return i = (i + 1) & (EVENTS - 1);
    }

    /** The default map on a full identify (13 mappings, date, choices). */
    @Benchmark
    public MapResult defaultMapIdentify() {
        return defaultOnly.evaluate(identifies[next()], personTraits, null);
    }

    /** The default map on a track that carries only context.traits.email: the commonest event. */
    @Benchmark
    public MapResult defaultMapTrack() {
        return defaultOnly.evaluate(tracks[next()], personTraits, "user@example.com");
    }

    /** Default + a custom map (template, person traits, opt-in, conditions, list rule) + audiences, mixed events. */
    @Benchmark
    public MapResult configuredMixed() {
        return configured.evaluate(mixed[next()], personTraits, null);
    }
}
