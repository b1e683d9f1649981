package io.emarsysdest.server;

import io.emarsysdest.server.config.Config;
import io.emarsysdest.server.config.ConfigException;
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
        Config config;
        try {
            config = Config.load(System.getenv(), configFile, overrides);
        } catch (ConfigException e) {
            System.err.println("emarsys-destination cannot start: " + e.getMessage());
            return 2;
        }
        // Chosen before the first logger is created, so logback.xml picks the format.
        System.setProperty("log.format", config.string("log.format"));

        App app;
        try {
            app = App.start(config, InstantSource.system());
        } catch (io.emarsysdest.core.validation.ValidationException e) {
            // data sections of the config file (maps, rules, audiences) or Emarsys settings: every problem, then stop
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
