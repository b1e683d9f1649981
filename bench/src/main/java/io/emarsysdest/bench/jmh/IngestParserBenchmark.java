package io.emarsysdest.bench.jmh;

import io.emarsysdest.core.ingest.Endpoint;
import io.emarsysdest.core.ingest.IngestLimits;
import io.emarsysdest.core.ingest.IngestParser;
import io.emarsysdest.core.log.EventCodec;
import io.emarsysdest.core.event.Event;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Ingest's CPU per event: parsing and validating a 100-event batch, and encoding the events for the log. Score = events/s. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class IngestParserBenchmark {
    private byte[] batch;
    private final AtomicLong ids = new AtomicLong();
    private IngestParser parser;
    private final Instant now = Instant.parse("2026-11-22T18:34:33Z");

    @Setup
    public void setup() {
        parser = new IngestParser(IngestLimits.SEGMENT, () -> "g" + ids.incrementAndGet());
        StringBuilder sb = new StringBuilder("{\"sentAt\":\"2026-11-22T18:34:32.531Z\",\"context\":{\"library\":{\"name\":\"analytics-java\",\"version\":\"3.5.4\"}},\"batch\":[");
        for (int i = 0; i < 100; i++) {
            if (i > 0) sb.append(',');
            sb.append("{\"type\":\"track\",\"messageId\":\"m-").append(i).append("\",\"timestamp\":\"2026-11-22T18:34:32.503Z\",\"userId\":\"user-")
                    .append(i).append("\",\"anonymousId\":\"anon-").append(i).append("\",\"event\":\"Product Viewed\",\"properties\":{\"product_id\":\"p-")
                    .append(i).append("\",\"name\":\"Trail Shoe\",\"price\":120,\"currency\":\"EUR\"},\"context\":{\"traits\":{\"email\":\"person")
                    .append(i).append("@example.com\"},\"ip\":\"203.0.113.7\"},\"integrations\":{}}");
        }
        batch = sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public void parseAndValidate(Blackhole bh) {
        bh.consume(parser.parse(batch, Endpoint.BATCH, now));
    }

    @Benchmark
    @OperationsPerInvocation(100)
    public void parseValidateAndEncode(Blackhole bh) {
        for (Event e : parser.parse(batch, Endpoint.BATCH, now).accepted()) bh.consume(EventCodec.encode(e));
    }
}
