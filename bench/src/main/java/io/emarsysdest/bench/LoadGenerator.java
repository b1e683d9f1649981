package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.HdrHistogram.Recorder;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPOutputStream;

/**
 * Sends realistic Segment traffic to a running service over HTTP and reports throughput and acknowledgement latency.
 *
 * <p>Open loop when {@code --rate} is set: requests are scheduled at fixed intervals and latency is measured from
 * the scheduled time, so a slow server cannot hide its queueing (no coordinated omission). With {@code --rate 0}
 * it runs closed loop: {@code --concurrency} senders back to back, for maximum throughput.
 */
@Command(name = "load", mixinStandardHelpOptions = true, description = "HTTP load generator for the Segment Tracking API.")
public final class LoadGenerator implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Service base URL (default ${DEFAULT-VALUE}).")
    String url;
    @Option(names = "--key", required = true, description = "The destination's API key (see data/api-key).")
    String key;
    @Option(names = "--rate", defaultValue = "0", description = "Target events per second; 0 = as fast as possible (closed loop).")
    int rate;
    @Option(names = "--batch-size", defaultValue = "100", description = "Events per request on /v1/batch; 1 with --single sends single calls.")
    int batchSize;
    @Option(names = "--single", description = "Send one event per request to /v1/<type> instead of batches.")
    boolean single;
    @Option(names = "--duration", defaultValue = "30", description = "Seconds to send (default ${DEFAULT-VALUE}).")
    int durationSeconds;
    @Option(names = "--warmup", defaultValue = "5", description = "Seconds of traffic before measuring (default ${DEFAULT-VALUE}).")
    int warmupSeconds;
    @Option(names = "--users", defaultValue = "10000", description = "Distinct users in the traffic (default ${DEFAULT-VALUE}).")
    int users;
    @Option(names = "--mix", defaultValue = "identify=10,track=60,page=20,screen=10", description = "Weights of call types (default ${DEFAULT-VALUE}).")
    String mix;
    @Option(names = "--concurrency", defaultValue = "64", description = "Most requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--slow-ms", defaultValue = "0", description = "Print each measured request slower than this many ms, with its send time (0: off).")
    long slowMs;
    @Option(names = "--gzip", description = "Compress request bodies.")
    boolean gzip;
    @Option(names = "--wait-processed", defaultValue = "true", negatable = true, description = "After sending, wait until the service has processed everything and report the processing rate.")
    boolean waitProcessed;

    /** Idle keep-alive connections; at most {@code concurrency} exist since that many requests are in flight. */
    private final java.util.concurrent.ConcurrentLinkedQueue<RawHttpConnection> connections = new java.util.concurrent.ConcurrentLinkedQueue<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final Recorder latency = new Recorder(TimeUnit.SECONDS.toMicros(60), 3);
    private final LongAdder ackedEvents = new LongAdder();
    private final LongAdder requests = new LongAdder();
    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean measuring;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LoadGenerator()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, Integer> weights = new java.util.HashMap<>();
        for (String part : mix.split(",")) {
            String[] kv = part.split("=");
            weights.put(kv[0].trim(), Integer.parseInt(kv[1].trim()));
        }
        int perRequest = single ? 1 : batchSize;
        String runId = Long.toString(System.currentTimeMillis(), 36);
        EventFactory factory = new EventFactory(users, weights.getOrDefault("identify", 0), weights.getOrDefault("track", 0),
                weights.getOrDefault("page", 0), weights.getOrDefault("screen", 0), runId);
        String auth = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));

        System.out.printf("load: %s, %s, %d events/request, %d users, mix %s, concurrency %d, %s%n", url,
                rate == 0 ? "closed loop" : rate + " events/s target", perRequest, users, mix, concurrency, gzip ? "gzip" : "plain");
        System.out.printf("machine: %d cores, %s %s, JVM %s%n", Runtime.getRuntime().availableProcessors(),
                System.getProperty("os.name"), System.getProperty("os.arch"), System.getProperty("java.version"));
        long processedBefore = processed();

        Semaphore inFlight = new Semaphore(concurrency);
        long totalSeconds = warmupSeconds + durationSeconds;
        long start = System.nanoTime();
        long measureStart = start + TimeUnit.SECONDS.toNanos(warmupSeconds);
        long end = start + TimeUnit.SECONDS.toNanos(totalSeconds);
        SplittableRandom random = new SplittableRandom(42);
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            if (rate > 0) {
                double interval = 1e9 * perRequest / rate;
                for (long i = 0; ; i++) {
                    long intended = start + (long) (i * interval);
                    if (intended >= end) break;
                    long wait = intended - System.nanoTime();
                    if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                    measuring = intended >= measureStart;
                    Req req = body(factory, random, perRequest);
                    inFlight.acquire();
                    senders.submit(() -> send(req.body(), req.type(), auth, intended, perRequest, inFlight));
                }
            } else {
                for (int c = 0; c < concurrency; c++) {
                    SplittableRandom own = random.split();
                    EventFactory ownFactory = new EventFactory(users, weights.getOrDefault("identify", 0), weights.getOrDefault("track", 0),
                            weights.getOrDefault("page", 0), weights.getOrDefault("screen", 0), runId + "c" + c);
                    senders.submit(() -> {
                        while (System.nanoTime() < end) {
                            Req req = body(ownFactory, own, perRequest);
                            long t = System.nanoTime();
                            measuring = t >= measureStart;
                            inFlight.acquireUninterruptibly();
                            send(req.body(), req.type(), auth, t, perRequest, inFlight);
                        }
                    });
                }
            }
        }
        double seconds = (System.nanoTime() - measureStart) / 1e9;
        Histogram h = latency.getIntervalHistogram();
        System.out.printf("sent for %ds after %ds warm-up: %d requests, %d events acknowledged, %d errors, statuses %s%n",
                durationSeconds, warmupSeconds, requests.sum(), ackedEvents.sum(), errors.get(), statuses);
        System.out.printf("throughput: %.0f events/s acknowledged (%.0f requests/s)%n", ackedEvents.sum() / seconds, requests.sum() / seconds);
        System.out.printf("ack latency ms: p50 %.2f  p90 %.2f  p99 %.2f  p99.9 %.2f  max %.2f%n",
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(90) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
        if (waitProcessed) reportProcessing(processedBefore, start);
        return errors.get() == 0 ? 0 : 1;
    }

    private record Req(byte[] body, String type) {
    }

    private static String typeOf(CharSequence event) {
        String s = event.toString();
        int i = s.indexOf("\"type\":\"");
        return s.substring(i + 8, s.indexOf('"', i + 8));
    }

    private Req body(EventFactory factory, SplittableRandom random, int n) {
        StringBuilder sb = new StringBuilder(n * 400);
        Instant now = Instant.now();
        String type = null;
        if (single) {
            factory.append(sb, random, now);
            type = typeOf(sb);
        } else {
            sb.append("{\"sentAt\":\"").append(now).append("\",\"context\":{\"library\":{\"name\":\"emd-load\",\"version\":\"1\"}},\"batch\":[");
            for (int i = 0; i < n; i++) {
                if (i > 0) sb.append(',');
                factory.append(sb, random, now);
            }
            sb.append("]}");
        }
        byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
        return new Req(gzip ? gzip(bytes) : bytes, type);
    }

    private void send(byte[] body, String type, String auth, long intendedNanos, int events, Semaphore inFlight) {
        RawHttpConnection connection = connections.poll();
        if (connection == null) connection = new RawHttpConnection(URI.create(url));
        try {
            String headers = "Authorization: " + auth + "\r\nContent-Type: application/json\r\n" + (gzip ? "Content-Encoding: gzip\r\n" : "");
            int status = connection.post(URI.create(url).getPath().replaceAll("/$", "") + (single ? "/v1/" + type : "/v1/batch"), headers, body);
            long micros = (System.nanoTime() - intendedNanos) / 1000;
            if (measuring && slowMs > 0 && micros > slowMs * 1000) {
                System.out.printf("slow: %.0f ms, scheduled at %s%n", micros / 1000.0, java.time.Instant.now().minusNanos(micros * 1000));
            }
            if (measuring) {
                latency.recordValue(Math.min(micros, TimeUnit.SECONDS.toMicros(60)));
                requests.increment();
                statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                if (status == 200) ackedEvents.add(events);
                else errors.incrementAndGet();
            }
        } catch (IOException | RuntimeException e) {
            connection.close();
            if (measuring) errors.incrementAndGet();
        } finally {
            connections.add(connection);
            inFlight.release();
        }
    }

    private long processed() {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode n = new ObjectMapper().readTree(r.body());
            return n.path("processing").path("processed").asLong(-1);
        } catch (Exception e) {
            return -1;
        }
    }

    private void reportProcessing(long before, long startNanos) throws InterruptedException {
        if (before < 0) return;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        long last = -1;
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url + "/health")).build(), HttpResponse.BodyHandlers.ofString());
                JsonNode p = new ObjectMapper().readTree(r.body()).path("processing");
                last = p.path("processed").asLong();
                if (p.path("lagEvents").asLong() == 0) break;
            } catch (IOException e) {
                break;
            }
            Thread.sleep(100);
        }
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        System.out.printf("processing: %d events applied to the users table in %.1fs since the run started = %.0f events/s (lag now %s)%n",
                last - before, seconds, (last - before) / seconds, last >= 0 ? "0" : "unknown");
    }

    private static byte[] gzip(byte[] bytes) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 4);
            try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
                gz.write(bytes);
            }
            return out.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
