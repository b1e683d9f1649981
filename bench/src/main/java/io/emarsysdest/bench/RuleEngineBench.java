package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.rules.PersonContext;
import io.emarsysdest.core.rules.PersonRuleState;
import io.emarsysdest.core.rules.RuleDefinition;
import io.emarsysdest.core.rules.RuleEngine;
import io.emarsysdest.core.rules.RuleParser;
import io.emarsysdest.core.rules.RuleSet;
import io.emarsysdest.core.rules.StepResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * Events per second through the rule engine on one thread, with 100 active rules (entry, event/count/absence steps,
 * correlation keys, exits, captured fields) over 10,000 persons whose states are carried from event to event.
 * Each pass of 100,000 events (about 10 per person) starts the persons afresh, so state stays at a realistic size
 * instead of filling up with instances whose timers a benchmark never fires.
 *
 * <pre>./mvnw -q -B -pl bench -am package -DskipTests && java -jar bench/target/bench.jar RuleEngineBench</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 3)
@Fork(1)
public class RuleEngineBench {
    static final int RULES = 100;
    static final int NAMES = 20;
    static final int PERSONS = 10_000;
    static final int EVENTS = 100_000;
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");

    RuleEngine engine;
    RuleSet rules;
    Event[] events;
    PersonContext[] persons;
    PersonRuleState[] states;
    int next;

    @Setup
    public void setup() throws Exception {
        ObjectMapper json = new ObjectMapper();
        RuleParser parser = new RuleParser();
        List<RuleDefinition> defs = new ArrayList<>();
        for (int i = 0; i < RULES; i++) {
            String step = switch (i % 3) {
                case 0 -> "{\"id\":\"s\",\"kind\":\"event\",\"event\":{\"type\":\"track\",\"name\":\"Event " + ((i + 1) % NAMES) + "\"},\"within\":{\"duration\":\"PT1H\"}}";
                case 1 -> "{\"id\":\"s\",\"kind\":\"count\",\"min\":3,\"event\":{\"type\":\"track\",\"name\":\"Event " + ((i + 2) % NAMES) + "\"},\"within\":{\"duration\":\"P1D\"}}";
                default -> "{\"id\":\"s\",\"kind\":\"absence\",\"event\":{\"type\":\"track\",\"name\":\"Event " + ((i + 3) % NAMES) + "\"},\"within\":{\"duration\":\"PT30M\"}}";
            };
            String rule = "{\"id\":\"rule-" + i + "\",\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Event " + (i % NAMES)
                    + "\",\"where\":[{\"path\":\"properties.price\",\"op\":\"gte\",\"value\":" + (i % 5) * 20 + "}]}"
                    + (i % 2 == 0 ? ",\"correlateBy\":\"properties.sku\"" : "") + "},"
                    + "\"steps\":[" + step + "],"
                    + "\"exitWhen\":[{\"type\":\"track\",\"name\":\"Logged Out\"}],"
                    + "\"reentry\":{\"mode\":\"" + (i % 4 == 0 ? "always" : "afterExit") + "\",\"maxActive\":3},"
                    + "\"action\":{\"externalEventId\":" + (1000 + i) + ",\"data\":{\"sku\":\"{{entry.properties.sku}}\",\"price\":\"{{entry.properties.price}}\"}}}";
            RuleParser.Parsed p = parser.parse(json.readTree(rule));
            if (!p.ok()) throw new IllegalStateException(p.problems().toString());
            defs.add(p.rule());
        }
        rules = RuleSet.of(defs);
        engine = new RuleEngine(io.emarsysdest.core.rules.RuleLimits.DEFAULT, false);
        SplittableRandom random = new SplittableRandom(42);
        events = new Event[EVENTS];
        for (int i = 0; i < EVENTS; i++) {
            int n = random.nextInt(NAMES + 10); // a third of the traffic is irrelevant to every rule
            String name = n < NAMES ? "Event " + n : n == NAMES ? "Logged Out" : "Other " + n;
            ObjectNode body = json.createObjectNode().put("type", "track").put("event", name);
            body.putObject("properties").put("sku", "sku-" + random.nextInt(5)).put("price", random.nextInt(100));
            Instant at = T0.plusMillis(i * 10L);
            events[i] = new Event(i, "m" + i, EventType.TRACK, "u" + (i % PERSONS), null, at, at, null, at, body);
        }
        persons = new PersonContext[PERSONS];
        for (int p = 0; p < PERSONS; p++) persons[p] = PersonContext.of("p" + p);
        reset();
    }

    private void reset() {
        states = new PersonRuleState[PERSONS];
        for (int p = 0; p < PERSONS; p++) states[p] = PersonRuleState.empty("p" + p);
        next = 0;
    }

    @Benchmark
    public StepResult event() {
        if (next == EVENTS) reset();
        Event e = events[next];
        int p = next++ % PERSONS;
        StepResult r = engine.onEvent(rules, states[p], persons[p], e, e.receivedAt());
        states[p] = r.state();
        return r;
    }
}
