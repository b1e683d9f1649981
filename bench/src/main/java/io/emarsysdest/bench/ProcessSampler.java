package io.emarsysdest.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * Samples a service process from outside while a benchmark runs: CPU time per thread (Linux {@code /proc}), the
 * resident set, the heap in use (from the service's Prometheus metrics) and the sizes of the SQLite WAL files in its
 * data folder. Threads are grouped by name with digits removed ({@code ForkJoinPool-1-worker-3} →
 * {@code ForkJoinPool--worker-}), since one pool's threads come and go.
 */
final class ProcessSampler {
    private static final long TICKS_PER_SECOND = 100; // USER_HZ on Linux

    private final long pid;
    private final Path dataDir;
    private final String metricsUrl;
    private final HttpClient http = HttpClient.newHttpClient();
    private Map<String, Long> cpuBefore = Map.of();
    private long processCpuBefore;
    private volatile boolean running;
    private Thread thread;
    private long maxHeap;
    private long maxRss;
    private final Map<String, Long> maxWal = new TreeMap<>();

    ProcessSampler(long pid, Path dataDir, String metricsUrl) {
        this.pid = pid;
        this.dataDir = dataDir;
        this.metricsUrl = metricsUrl;
    }

    void start() {
        cpuBefore = cpuByThreadGroup();
        processCpuBefore = processCpu();
        running = true;
        thread = Thread.ofPlatform().daemon().name("sampler").start(() -> {
            while (running) {
                sample();
                try {
                    Thread.sleep(250);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
    }

    void stopAndReport(long events) throws InterruptedException {
        running = false;
        thread.join();
        sample();
        if (pid > 0) {
            Map<String, Long> after = cpuByThreadGroup();
            System.out.println("service CPU per event, by thread (µs; threads that ended during the run count only in the total):");
            for (var e : after.entrySet()) {
                long ticks = e.getValue() - cpuBefore.getOrDefault(e.getKey(), 0L);
                double micros = ticks * 1e6 / TICKS_PER_SECOND / events;
                if (micros >= 0.5) System.out.printf("  %-28s %7.1f%n", e.getKey(), micros);
            }
            System.out.printf("  %-28s %7.1f%n", "process total", (processCpu() - processCpuBefore) * 1e6 / TICKS_PER_SECOND / events);
            System.out.printf("service RSS: max %.0f MB%n", maxRss / 1048576.0);
        }
        if (maxHeap > 0) System.out.printf("service heap in use: max %.0f MB%n", maxHeap / 1048576.0);
        maxWal.forEach((file, size) -> System.out.printf("WAL %s: max %.1f MB%n", file, size / 1048576.0));
    }

    private void sample() {
        maxHeap = Math.max(maxHeap, heapInUse());
        if (pid > 0) maxRss = Math.max(maxRss, rss());
        if (dataDir != null) {
            try (DirectoryStream<Path> wals = Files.newDirectoryStream(dataDir, "*-wal")) {
                for (Path wal : wals) maxWal.merge(wal.getFileName().toString(), Files.size(wal), Math::max);
            } catch (IOException e) {
                // a WAL may vanish between the listing and its size; the next sample sees it again
            }
        }
    }

    private long heapInUse() {
        try {
            String text = http.send(HttpRequest.newBuilder(URI.create(metricsUrl)).build(), HttpResponse.BodyHandlers.ofString()).body();
            long sum = 0;
            for (String line : text.split("\n")) {
                if (line.startsWith("jvm_memory_used_bytes{area=\"heap\"")) sum += (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
            return sum;
        } catch (IOException | RuntimeException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    private long rss() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) * 1024;
            }
        } catch (IOException e) {
            // the process is gone
        }
        return 0;
    }

    /** utime + stime of the whole process (ended threads included), in clock ticks. */
    private long processCpu() {
        if (pid <= 0) return 0;
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    /** utime + stime in clock ticks, summed per thread-name group. */
    private Map<String, Long> cpuByThreadGroup() {
        Map<String, Long> cpu = new HashMap<>();
        if (pid <= 0) return cpu;
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path task : tasks) {
                try {
                    String name = Files.readString(task.resolve("comm")).trim().replaceAll("\\d", "");
                    String stat = Files.readString(task.resolve("stat"));
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    cpu.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return new TreeMap<>(cpu);
    }
}
