package io.emarsysdest.server.e2e;

import io.emarsysdest.sandbox.EmarsysSandbox;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One real service (random port, embedded Emarsys sandbox) for a test class: started before its first test, closed
 * and its data folder removed after its last. Register it as
 * {@code @RegisterExtension static final ServerSession session = new ServerSession();}.
 */
public final class ServerSession implements BeforeAllCallback, AfterAllCallback {
    /** Retries after 200 ms instead of seconds, so a test that makes Emarsys refuse once sees the retry soon. */
    public static final Map<String, String> FAST_RETRIES = Map.of("delivery.retryBase", "200ms");

    private final Map<String, String> settings;
    private Path dir;
    private TestServer server;

    public ServerSession() {
        this(Map.of());
    }

    /** @param settings extra service settings, e.g. {@link #FAST_RETRIES} */
    public ServerSession(Map<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("server-test");
        server = TestServer.start(dir, settings);
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        if (server != null) server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public TestServer server() {
        return server;
    }

    /** The embedded sandbox the service delivers to (no Emarsys credentials in tests). */
    public EmarsysSandbox sandbox() {
        return server.app().emarsys().sandbox();
    }
}
