package io.emarsysdest.server.console;

import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxFault;
import io.emarsysdest.server.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The overview says when the field catalog is not the account's complete one (headless Chromium). */
class FieldCatalogConsoleTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static EmarsysSandbox sandbox;
    static Browser browser;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir, Map.of());
        sandbox = server.app().emarsys().sandbox();
        browser = Browser.start();
    }

    @AfterAll
    static void stop() {
        try {
            if (browser != null) browser.close();
        } finally {
            server.close();
        }
    }

    @Test
    void a_partial_catalog_shows_a_banner_naming_the_field_until_a_good_read() {
        sandbox.addFault(SandboxFault.status("field.choices", 1, 503, 0)); // the first single-choice field: 5 (Gender)
        try {
            assertThat(server.api("POST", "/api/emarsys/fields/refresh", null).body()).contains("\"source\":\"partial\"");
        } finally {
            sandbox.clearFaults();
        }
        browser.open(server.baseUrl() + "/console/#/overview");
        browser.type("#admin-key", TestServer.ADMIN_KEY);
        browser.click("#sign-in-form button[type=submit]");
        browser.textContains("#field-catalog-source", "partial");
        assertThat(browser.textContains("#field-catalog-banner .warning", "5 Gender")).contains("left out");

        assertThat(server.api("POST", "/api/emarsys/fields/refresh", null).body()).contains("\"source\":\"account\"");
        browser.open(server.baseUrl() + "/console/#/settings");
        browser.open(server.baseUrl() + "/console/#/overview");
        browser.textContains("#field-catalog-source", "account");
        assertThat(browser.script("return document.querySelector('#field-catalog-banner').children.length")).isEqualTo(0L);
    }
}
