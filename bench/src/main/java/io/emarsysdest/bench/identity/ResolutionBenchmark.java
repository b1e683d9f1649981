package io.emarsysdest.bench.identity;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.IdentityResolver;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.InMemoryPersonRepository;
import io.emarsysdest.core.identity.Resolution;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Identity resolution in the pure core over the in-memory repository: one operation = one event.
 * Run: {@code java -jar bench/target/bench.jar ResolutionBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class ResolutionBenchmark {
    private static final int BATCH = 1000;

    @Param({"50000"})
    int users;

    private List<Event> events;
    private IdentityResolver resolver;
    private InMemoryPersonRepository repo;
    private int next;

    @Setup
    public void setUp() {
        events = IdentityTraffic.generate(200_000, users, 1);
        resolver = new IdentityResolver(IdentitySettings.DEFAULTS);
        repo = new InMemoryPersonRepository();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public void resolveBatch(Blackhole bh) {
        if (next + BATCH > events.size()) next = 0;
        for (int i = next; i < next + BATCH; i++) {
            Resolution r = resolver.resolve(events.get(i), repo);
            bh.consume(r);
        }
        next += BATCH;
    }
}
