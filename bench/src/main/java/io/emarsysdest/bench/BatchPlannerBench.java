package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.BatchLimits;
import io.emarsysdest.core.delivery.BatchPlanner;
import io.emarsysdest.core.delivery.DeliveryPlan;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.core.delivery.OutboxItem;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
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
 * Planning one claim of 5000 outbox items into requests: pure upserts (the backlog case) and a mix of upserts,
 * triggers and list adds with repeated contacts. Reported per claim; divide by 5000 for per item.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class BatchPlannerBench {
    @Param({"upserts", "mixed"})
    public String traffic;

    private final BatchPlanner planner = new BatchPlanner(BatchLimits.DEFAULTS);
    private List<OutboxItem> claim;

    @Setup(Level.Trial)
    public void setUp() {
        SplittableRandom random = new SplittableRandom(1);
        Instant t = Instant.parse("2026-11-23T10:00:00Z");
        claim = new ArrayList<>();
        for (int i = 0; i < 5000; i++) {
            int person = traffic.equals("upserts") ? i : random.nextInt(2000);
            String email = "user" + person + "@example.com";
            int kind = traffic.equals("upserts") ? 0 : random.nextInt(3);
            ObjectNode payload = JsonNodeFactory.instance.objectNode();
            Operation op;
            String target = null;
            if (kind == 0) {
                op = Operation.CONTACT_UPSERT;
                payload.put("1", "First" + i).put("2", "Last" + i).put("31", 1).put("10", "2026-11-23");
            } else if (kind == 1) {
                op = Operation.EVENT_TRIGGER;
                target = "42";
                payload.put("trigger_id", "msg-" + i).put("event_time", "2026-11-23T10:00:00Z");
                payload.putObject("data").putObject("global").put("orderId", "o" + i).put("total", 99.5);
            } else {
                op = Operation.LIST_ADD;
                target = "7";
                payload = null;
            }
            claim.add(new OutboxItem(i + 1, "acc", op, "3", email, target, payload, "k" + i, "p" + person, t, 0, t, null));
        }
    }

    @Benchmark
    public DeliveryPlan plan() {
        return planner.plan(claim);
    }
}
