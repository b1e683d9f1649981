package io.emarsysdest.server.console;

import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.server.e2e.TestServer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One real service (random port, embedded Emarsys sandbox) and one headless Chromium for a browser test class:
 * started before its first test, closed after its last, with a screenshot of every failed test. Register it as
 * {@code @RegisterExtension static final ConsoleSession console = new ConsoleSession();}.
 */
final class ConsoleSession implements BeforeAllCallback, AfterAllCallback, TestWatcher {
    private final Map<String, String> settings;
    private Path dir;
    private TestServer server;
    private Browser browser;

    ConsoleSession() {
        this(Map.of());
    }

    /** @param settings extra service settings, e.g. {@code delivery.retryBase} */
    ConsoleSession(Map<String, String> settings) {
        this.settings = settings;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("console-test");
        server = TestServer.start(dir, settings);
        browser = Browser.start();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        try {
            if (browser != null) browser.close();
        } finally {
            if (server != null) server.close();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (browser != null) System.err.println("screenshot of the failed test: " + browser.screenshot(context.getDisplayName()));
    }

    TestServer server() {
        return server;
    }

    Browser browser() {
        return browser;
    }

    EmarsysSandbox sandbox() {
        return server.app().emarsys().sandbox();
    }

    /** Signed out, on the console's sign-in page. */
    void signOut() {
        browser.open(server.baseUrl() + "/console/");
        browser.script("sessionStorage.clear();");
        browser.open(server.baseUrl() + "/console/#/overview");
        browser.visible("#admin-key");
    }

    /** Signed in with the admin key, on the overview. */
    void signIn() {
        signOut();
        browser.type("#admin-key", TestServer.ADMIN_KEY);
        browser.click("#sign-in-form button[type=submit]");
        browser.visible("#nav");
    }
}
