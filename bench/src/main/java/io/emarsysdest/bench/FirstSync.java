package io.emarsysdest.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The first sync of an audience (or an import, or a launch): every identify is a new person. Sends N identifies with
 * distinct e-mails and names to a running service and measures the time from the first send until the Emarsys
 * sandbox (its own process) holds every contact with its fields. Reports the acknowledged and the end-to-end rate and
 * how full the upsert requests were (from the service's metrics). CPU, heap, RSS and WAL sizes are sampled by
 * {@code scripts/bench-first-sync}, which starts the processes.
 */
@Command(name = "first-sync", mixinStandardHelpOptions = true, description = "First sync: N new persons, end to end into the Emarsys sandbox.")
public final class FirstSync implements Callable<Integer> {
    @Option(names = "--url", defaultValue = "http://localhost:8080", description = "Service base URL (default ${DEFAULT-VALUE}).")
    String url;
    @Option(names = "--key", required = true, description = "The destination's API key (ingest write key).")
    String key;
    @Option(names = "--service-pid", defaultValue = "0", description = "The service's process id: CPU per thread, RSS (Linux /proc). 0: not sampled.")
    long servicePid;
    @Option(names = "--data-dir", description = "The service's data folder: sizes of its SQLite WAL files are sampled.")
    java.nio.file.Path dataDir;
    @Option(names = "--sandbox", defaultValue = "http://127.0.0.1:8089", description = "The Emarsys sandbox's base URL (default ${DEFAULT-VALUE}).")
    String sandbox;
    @Option(names = "--persons", defaultValue = "50000", description = "New persons measured (default ${DEFAULT-VALUE}).")
    int persons;
    @Option(names = "--warmup", defaultValue = "2000", description = "New persons sent and delivered before measuring (default ${DEFAULT-VALUE}).")
    int warmup;
    @Option(names = "--batch-size", defaultValue = "100", description = "Identifies per /v1/batch request (default ${DEFAULT-VALUE}).")
    int batchSize;
    @Option(names = "--concurrency", defaultValue = "8", description = "Requests in flight (default ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--audience", description = "Also carry this Engage audience trait (true) on every identify, e.g. first_sync_vip.")
    String audience;
    @Option(names = "--timeout", defaultValue = "900", description = "Seconds to wait for the sandbox to hold every contact (default ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final ConcurrentLinkedQueue<RawHttpConnection> connections = new ConcurrentLinkedQueue<>();
    private final String runId = Long.toString(System.currentTimeMillis(), 36);

    public static void main(String[] args) {
        System.exit(new CommandLine(new FirstSync()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        String auth = "Basic " + Base64.getEncoder().encodeToString((key + ":").getBytes(StandardCharsets.UTF_8));
        System.out.printf("first sync: %s → sandbox %s, %d new persons after %d of warm-up, %d identifies/request, %d in flight%s%n",
                url, sandbox, persons, warmup, batchSize, concurrency, audience == null ? "" : ", audience " + audience);
        long base = sandboxContacts();
        if (warmup > 0) {
            Phase w = send("w", warmup, auth);
            if (!waitForContacts(base + warmup, w.startNanos)) return 1;
            System.out.printf("warm-up: %d persons delivered in %.1fs%n", warmup, (System.nanoTime() - w.startNanos) / 1e9);
        }
        Upserts before = upserts();
        long expected = base + warmup + persons;
        ProcessSampler sampler = new ProcessSampler(servicePid, dataDir, url + "/metrics");
        sampler.start();
        Phase m = send("m", persons, auth);
        double ackSeconds = (m.ackedNanos - m.startNanos) / 1e9;
        System.out.printf("acknowledged: %d of %d persons in %.2fs = %.0f events/s (%d errors)%n",
                m.acked, persons, ackSeconds, m.acked / ackSeconds, m.errors);
        if (!waitForContacts(expected, m.startNanos)) return 1;
        double endToEnd = (System.nanoTime() - m.startNanos) / 1e9;
        System.out.printf("end to end: %d contacts in the sandbox %.2fs after the first send = %.0f events/s%n",
                persons, endToEnd, persons / endToEnd);
        Upserts after = upserts();
        sampler.stopAndReport(persons);
        long requests = after.requests - before.requests;
        System.out.printf("upsert requests: %d, %.1f contacts per request%n", requests,
                requests == 0 ? 0.0 : (after.items - before.items) / (double) requests);
        return checkFields() && m.errors == 0 ? 0 : 1;
    }

    private record Phase(long startNanos, long ackedNanos, long acked, long errors) {
    }

    private Phase send(String phase, int count, String auth) throws InterruptedException {
        AtomicInteger next = new AtomicInteger();
        AtomicLong acked = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        long start = System.nanoTime();
        try (ExecutorService senders = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int c = 0; c < concurrency; c++) {
                senders.submit(() -> {
                    int from;
                    while ((from = next.getAndAdd(batchSize)) < count) {
                        int n = Math.min(batchSize, count - from);
                        if (post(batch(phase, from, n), auth)) acked.addAndGet(n);
                        else errors.addAndGet(n);
                    }
                });
            }
        }
        return new Phase(start, System.nanoTime(), acked.get(), errors.get());
    }

    private byte[] batch(String phase, int from, int n) {
        StringBuilder sb = new StringBuilder(n * 260);
        String now = Instant.now().toString();
        sb.append("{\"sentAt\":\"").append(now).append("\",\"batch\":[");
        for (int i = 0; i < n; i++) {
            int p = from + i;
            if (i > 0) sb.append(',');
            sb.append("{\"type\":\"identify\",\"messageId\":\"fs-").append(runId).append('-').append(phase).append(p)
                    .append("\",\"userId\":\"fs-").append(runId).append('-').append(phase).append(p)
                    .append("\",\"timestamp\":\"").append(now).append("\",\"traits\":{\"email\":\"").append(email(phase, p))
                    .append("\",\"firstName\":\"First").append(p).append("\",\"lastName\":\"Last").append(p).append('"');
            if (audience != null) sb.append(",\"").append(audience).append("\":true");
            sb.append("}}");
        }
        return sb.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private String email(String phase, int p) {
        return "fs-" + runId + "-" + phase + p + "@example.com";
    }

    private boolean post(byte[] body, String auth) {
        RawHttpConnection connection = connections.poll();
        if (connection == null) connection = new RawHttpConnection(URI.create(url));
        try {
            String headers = "Authorization: " + auth + "\r\nContent-Type: application/json\r\n";
            return connection.post(URI.create(url).getPath().replaceAll("/$", "") + "/v1/batch", headers, body) == 200;
        } catch (IOException | RuntimeException e) {
            connection.close();
            connection = null;
            return false;
        } finally {
            if (connection != null) connections.add(connection);
        }
    }

    private boolean waitForContacts(long expected, long startNanos) throws Exception {
        long deadline = startNanos + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        long seen = 0;
        while (System.nanoTime() < deadline) {
            seen = sandboxContacts();
            if (seen >= expected) return true;
            Thread.sleep(50);
        }
        System.out.printf("FAILED: the sandbox holds %d contacts, %d expected, after %ds%n", seen, expected, timeoutSeconds);
        return false;
    }

    private long sandboxContacts() throws IOException, InterruptedException {
        return get(sandbox + "/sandbox/contacts?limit=0").path("total").asLong();
    }

    /** A sample of the measured persons must be in the sandbox with their e-mail and both names. */
    private boolean checkFields() throws IOException, InterruptedException {
        for (int p : new int[]{0, persons / 2, persons - 1}) {
            String email = email("m", p);
            JsonNode found = get(sandbox + "/sandbox/contacts?field=3&value=" + URLEncoder.encode(email, StandardCharsets.UTF_8)).path("contacts");
            JsonNode c = found.path(0);
            if (!("First" + p).equals(c.path("1").asText()) || !("Last" + p).equals(c.path("2").asText())) {
                System.out.printf("FAILED: contact %s in the sandbox lacks its fields: %s%n", email, found);
                return false;
            }
        }
        System.out.println("fields: checked a sample of contacts (e-mail, first and last name)");
        return true;
    }

    private record Upserts(long requests, double items) {
    }

    /** Upsert requests and the items they carried, from the service's Prometheus metrics. */
    private Upserts upserts() throws IOException, InterruptedException {
        String text = http.send(HttpRequest.newBuilder(URI.create(url + "/metrics")).build(), HttpResponse.BodyHandlers.ofString()).body();
        long requests = 0;
        double items = 0;
        for (String line : text.split("\n")) {
            if (!line.contains("op=\"CONTACT_UPSERT\"")) continue;
            double v = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            if (line.startsWith("emarsys_delivery_request_items_count")) requests += (long) v;
            else if (line.startsWith("emarsys_delivery_request_items_sum")) items += v;
        }
        return new Upserts(requests, items);
    }

    private JsonNode get(String address) throws IOException, InterruptedException {
        return json.readTree(http.send(HttpRequest.newBuilder(URI.create(address)).build(), HttpResponse.BodyHandlers.ofString()).body());
    }
}
