package io.emarsysdest.server.console;

import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxFault;
import io.emarsysdest.server.e2e.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.TestWatcher;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.Keys;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every console page, with data on it, in headless Chromium at 1440 px and at 390 px (a phone): axe-core finds no
 * serious or critical violation, the page has its own title and the focus on its heading after navigation, no empty
 * table header, focusable code panels, nothing wider than the window, no console error (a missing favicon, a
 * Content-Security-Policy violation). Screenshots of every page stay in target/browser-screenshots/pages/.
 */
class ConsoleAccessibilityTest {
    @TempDir
    static Path dir;
    static TestServer server;
    static EmarsysSandbox sandbox;
    static Browser browser;

    /** Each page: its hash, what shows once it is drawn, and the heading it starts with. */
    record Page(String hash, String ready, String heading) {
    }

    static final List<Page> PAGES = List.of(
            new Page("#/overview", "#dead-letter-total", "Overview"),
            new Page("#/debugger", "#dbg-events table", "Debugger"),
            new Page("#/debugger/a11y-1", "#dbg-requests .dbg-request", "Event a11y-1"),
            new Page("#/users/1", "#person-requests .dbg-request", "Person 1"),
            new Page("#/users", "#lookup-form", "Users"),
            new Page("#/datamaps", "a[href='#/datamaps/default']", "Data maps"),
            new Page("#/datamaps/default", "#mapping-0-from", "Data map default"),
            new Page("#/audiences", "#audience-list table", "Audiences"),
            new Page("#/rules", "a[href='#/rules/a11y-rule']", "Rules"),
            new Page("#/rules/a11y-rule", "#rule-versions table", "Rule a11y-rule"),
            new Page("#/rules/new", "#rule-builder #entry-name", "New rule"),
            new Page("#/delivery", "#dl-list table", "Delivery"),
            new Page("#/settings", "#settings-table table", "Settings"),
            new Page("#/transfer", "#rules-export", "Import / export"));

    @RegisterExtension
    final TestWatcher screenshots = new TestWatcher() {
        @Override
        public void testFailed(ExtensionContext context, Throwable cause) {
            if (browser != null) System.err.println("screenshot of the failed test: " + browser.screenshot(context.getDisplayName()));
        }
    };

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start(dir);
        sandbox = server.app().emarsys().sandbox();
        // data on every page: a person, an audience mapping, an active rule, a dead letter
        assertThat(server.api("PUT", "/api/audiences/vip_customers", "{\"list\":{\"name\":\"VIP customers\"}}").statusCode()).isEqualTo(200);
        assertThat(server.api("PUT", "/api/rules/a11y-rule", "{\"id\":\"a11y-rule\",\"name\":\"Welcome\",\"entry\":{\"event\":{\"type\":\"identify\"}},"
                + "\"steps\":[],\"action\":{\"externalEvent\":\"welcome\"}}").statusCode()).isBetween(200, 201);
        assertThat(server.api("POST", "/api/rules/a11y-rule/publish", null).statusCode()).isEqualTo(200);
        sandbox.addFault(SandboxFault.status("contact.upsert", 1, 400, 2004));
        assertThat(server.postAuthed("/v1/identify", "{\"messageId\":\"a11y-1\",\"userId\":\"u-a11y\",\"traits\":{\"email\":\"a11y@example.com\",\"firstName\":\"Ally\"}}")
                .statusCode()).isEqualTo(200);
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!server.get("/api/dead-letters").body().contains("a11y@example.com")) {
            if (System.nanoTime() > deadline) throw new AssertionError("no dead letter");
            Thread.sleep(25);
        }
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

    private static void signIn() {
        browser.open(server.baseUrl() + "/console/");
        browser.script("sessionStorage.clear();");
        browser.open(server.baseUrl() + "/console/#/overview");
        browser.type("#admin-key", TestServer.ADMIN_KEY);
        browser.click("#sign-in-form button[type=submit]");
        browser.visible("#dead-letter-total");
    }

    /** What is wrong with the page as it is now, one line per finding. */
    private static List<String> findings(String where) {
        List<String> found = new ArrayList<>();
        for (String v : browser.accessibilityViolations()) found.add(where + ": axe " + v);
        if (Boolean.TRUE.equals(browser.script("return document.documentElement.scrollWidth > document.documentElement.clientWidth;"))) {
            found.add(where + ": the page is wider than the window (" + browser.script("return document.documentElement.scrollWidth;") + " px)");
        }
        Object emptyHeaders = browser.script("return [...document.querySelectorAll('th')].filter((th) => !th.textContent.trim()).length;");
        if (((Number) emptyHeaders).intValue() > 0) found.add(where + ": " + emptyHeaders + " empty table header(s)");
        Object unfocusablePanels = browser.script("return [...document.querySelectorAll('pre')].filter((p) => p.tabIndex < 0).length;");
        if (((Number) unfocusablePanels).intValue() > 0) found.add(where + ": " + unfocusablePanels + " code panel(s) not reachable by keyboard");
        Object scrollingTables = browser.script("return [...document.querySelectorAll('.table-wrap')]"
                + ".filter((w) => w.scrollWidth > w.clientWidth + 1 && w.tabIndex < 0).length;");
        if (((Number) scrollingTables).intValue() > 0) found.add(where + ": " + scrollingTables + " scrolling table(s) not reachable by keyboard");
        for (String e : browser.consoleErrors()) found.add(where + ": console error " + e);
        return found;
    }

    @Test
    void everyPageIsAccessibleAtDesktopAndPhoneWidths() {
        List<String> found = new ArrayList<>();
        Set<String> titles = new HashSet<>();
        for (Map.Entry<Integer, Integer> size : List.of(Map.entry(1440, 900), Map.entry(390, 844))) {
            browser.size(size.getKey(), size.getValue());
            browser.open(server.baseUrl() + "/console/");
            browser.script("sessionStorage.clear();");
            browser.open(server.baseUrl() + "/console/#/overview");
            browser.visible("#admin-key");
            browser.consoleErrors();
            found.addAll(findings("sign-in at " + size.getKey() + " px"));
            if (!browser.driver().getTitle().startsWith("Sign in")) found.add("sign-in: title " + browser.driver().getTitle());
            browser.screenshot("pages/sign-in-" + size.getKey());
            signIn();
            browser.consoleErrors(); // the answers of the sign-in are not a page's errors
            for (Page page : PAGES) {
                String where = page.hash() + " at " + size.getKey() + " px";
                browser.open(server.baseUrl() + "/console/" + page.hash());
                browser.visible(page.ready());
                String title = browser.driver().getTitle();
                titles.add(title);
                if (!title.equals(page.heading() + " · emarsys-destination console")) found.add(where + ": title '" + title + "'");
                Object focused = browser.script("return document.activeElement.tagName + ' ' + document.activeElement.textContent.trim().slice(0, 60);");
                if (!("H1 " + page.heading()).equals(focused)) found.add(where + ": the focus is on " + focused + ", not on the page heading");
                found.addAll(findings(where));
                if (size.getKey() == 390) {
                    Object outside = browser.script("return [...document.querySelectorAll('#nav a, #nav button')]"
                            + ".filter((a) => a.getBoundingClientRect().right > window.innerWidth).map((a) => a.textContent);");
                    if (!((List<?>) outside).isEmpty()) found.add(where + ": navigation runs off the screen: " + outside);
                }
                browser.screenshot("pages/" + page.hash().substring(2).replace('/', '-') + "-" + size.getKey());
            }
        }
        browser.size(1400, 1000);
        assertThat(found).as("accessibility findings:\n%s", String.join("\n", found)).isEmpty();
        assertThat(titles).as("a title per page").hasSize(PAGES.size());
    }

    @Test
    void navigatingMovesTheFocusToTheHeadingAndTheSkipLinkLeadsThere() {
        signIn();
        browser.click("#nav a[data-page=settings]");
        browser.visible("#settings-table table");
        assertThat(browser.script("return document.activeElement.tagName + ' ' + document.activeElement.textContent;")).isEqualTo("H1 Settings");

        // the skip link is the first thing the keyboard reaches, hidden until then
        Object first = browser.script("return document.querySelector('a[href], button, input, select, textarea, [tabindex]').id;");
        assertThat(first).isEqualTo("skip-link");
        assertThat(((Number) browser.script("return document.getElementById('skip-link').getBoundingClientRect().bottom;")).doubleValue()).isLessThanOrEqualTo(0);
        browser.script("document.getElementById('skip-link').focus();");
        assertThat(((Number) browser.script("return document.getElementById('skip-link').getBoundingClientRect().top;")).doubleValue()).isGreaterThanOrEqualTo(0);
        browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
        assertThat(browser.script("return document.activeElement.tagName + ' ' + document.activeElement.textContent;")).isEqualTo("H1 Settings");
        assertThat(browser.driver().getCurrentUrl()).as("the router's hash is left alone").endsWith("#/settings");
    }
}
