package io.emarsysdest.server;

import io.emarsysdest.server.config.Config;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.InstantSource;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** Command line entry point: loads and checks the configuration, starts the service, stops it cleanly on SIGTERM. */
@Command(name = "emarsys-destination", mixinStandardHelpOptions = true, version = "emarsys-destination 0.1.0",
        description = "Segment-compatible ingest that turns customer events into Emarsys actions.")
public final class Main implements Callable<Integer> {
    @Option(names = {"-c", "--config"}, description = "Config file (YAML or JSON). Environment variables override it; see docs/configuration.md.")
    Path configFile;

    @Option(names = {"-p", "--port"}, description = "HTTP port (overrides PORT and server.port).")
    Integer port;

    @Option(names = {"-d", "--data-dir"}, description = "Data folder (overrides DATA_DIR and server.dataDir).")
    Path dataDir;

    public static void main(String[] args) {
        System.exit(new CommandLine(new Main()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        Map<String, String> overrides = new LinkedHashMap<>();
        if (port != null) overrides.put("server.port", port.toString());
        if (dataDir != null) overrides.put("server.dataDir", dataDir.toString());
        // Problems of the settings are reported by App.start together with those of every other stage.
        Config config = Config.read(System.getenv(), configFile, overrides);
        // Chosen before the first logger is created, so logback.xml picks the format.
        System.setProperty("log.format", config.string("log.format"));

        App app;
        try {
            app = App.start(config, InstantSource.system());
        } catch (io.emarsysdest.core.validation.ValidationException e) {
            // settings, Emarsys, identity, audiences, data maps, rules: every problem in one report, then stop
            System.err.println("emarsys-destination cannot start: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
