package io.emarsysdest.server.console;

import io.emarsysdest.server.e2e.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.extension.RegisterExtension;


import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;



import static org.assertj.core.api.Assertions.assertThat;

/**
 * The live debugger, the person page and the overview charts in headless Chromium against the real service and the
 * embedded sandbox: events sent with the ingest API appear by themselves, with what was done with them and the
 * Emarsys request they produced (body, reply, field names), and the charts draw.
 */
class DebuggerConsoleTest {
    @RegisterExtension
    static final ConsoleSession console = new ConsoleSession();
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = console.server();
        browser = console.browser();
        browser.open(server.baseUrl() + "/console/#/overview");
        browser.type("#admin-key", TestServer.ADMIN_KEY);
        browser.click("#sign-in-form button[type=submit]");
        browser.visible("#dead-letter-total");
    }

    @Test
    void eventsSentWithTheIngestApiAppearWithTheEmarsysRequestTheyProduced() {
        browser.open(server.baseUrl() + "/console/#/debugger");
        browser.visible("#dbg-events");
        // sent after the page is open: it refreshes by itself
        assertThat(server.postAuthed("/v1/batch", "{\"batch\":["
                + "{\"type\":\"identify\",\"messageId\":\"ui-dbg-1\",\"userId\":\"ui-dbg\",\"traits\":{\"email\":\"ui-dbg@example.com\",\"firstName\":\"Uma\"}},"
                + "{\"type\":\"track\",\"messageId\":\"ui-dbg-2\",\"userId\":\"someone-else\",\"event\":\"Order Completed\"}]}").statusCode()).isEqualTo(200);
        browser.textContains("#dbg-events", "Order Completed");
        browser.textContains("#dbg-events", "ui-dbg@example.com");

        browser.type("#dbg-person", "ui-dbg");
        browser.click("#dbg-filters button[type=submit]");
        new WebDriverWait(browser.driver(), Browser.WAIT).until(ExpectedConditions.invisibilityOfElementWithText(By.cssSelector("#dbg-events"), "Order Completed"));
        browser.textContains("#dbg-events [data-delivery]", "delivered");

        browser.click("#dbg-events a.dbg-open");
        browser.textContains("#view h1", "Event ui-dbg-1");
        assertThat(browser.textContains("#dbg-fields", "First Name")).contains("Uma").contains("E-mail");
        browser.textContains("#dbg-delivery", "delivered");
        String request = browser.textContains("#dbg-requests .dbg-request", "PUT contact/");
        assertThat(request).contains("HTTP 200 · replyCode 0").contains("delivered").contains("ui-dbg@example.com");
        // the body as sent and the reply, behind their summaries
        browser.click("#dbg-requests .dbg-exchange details summary");
        assertThat(browser.textContains("#dbg-requests .dbg-exchange details pre", "key_id")).contains("\"1\": \"Uma\"");
        browser.click("#dbg-person-link");
        browser.textContains("#person-primary-key", "ui-dbg@example.com");
    }

    @Test
    void thePersonPageShowsRuleInstancesWithDeadlinesListsAndTheRequestsForThePerson() {
        assertThat(server.api("PUT", "/api/rules/ui-browse", "{\"id\":\"ui-browse\",\"name\":\"Browse\","
                + "\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Product Viewed\"}},"
                + "\"steps\":[{\"id\":\"no_order\",\"kind\":\"absence\",\"event\":{\"type\":\"track\",\"name\":\"Order Completed\"},"
                + "\"within\":{\"duration\":\"PT2H\",\"from\":\"entry\"}}],\"action\":{\"externalEvent\":\"ui_browse\"}}").statusCode()).isBetween(200, 201);
        assertThat(server.api("POST", "/api/rules/ui-browse/publish", null).statusCode()).isEqualTo(200);
        assertThat(server.postAuthed("/v1/batch", "{\"batch\":["
                + "{\"type\":\"identify\",\"messageId\":\"ui-p1\",\"userId\":\"ui-p\",\"traits\":{\"email\":\"ui-p@example.com\",\"ui_vips\":true},"
                + "\"context\":{\"personas\":{\"computation_class\":\"audience\",\"computation_key\":\"ui_vips\"}}},"
                + "{\"type\":\"track\",\"messageId\":\"ui-p2\",\"userId\":\"ui-p\",\"event\":\"Product Viewed\"}]}").statusCode()).isEqualTo(200);
        server.awaitProcessed();
        awaitApi("/api/persons?userId=ui-p", "\"id\"");
        String id = server.get("/api/persons?userId=ui-p").body().replaceAll("(?s).*?\"id\":(\\d+).*", "$1");
        awaitApi("/api/persons/" + id + "/activity", "\"endpoint\":\"contactlist.add\""); // the list request was answered

        browser.open(server.baseUrl() + "/console/#/users/" + id);
        browser.textContains("#view h1", "Person " + id);
        browser.textContains("#person-primary-key", "ui-p@example.com");
        String instances = browser.textContains("#person-rule-instances", "ui-browse v1");
        assertThat(instances).contains("ui-p2").contains(java.time.LocalDate.now(java.time.ZoneOffset.UTC).toString());
        assertThat(browser.textContains("#person-lists", "ui_vips")).contains("added");
        browser.textContains("#person-traced-events", "Product Viewed");
        String requests = browser.textContains("#person-requests", "PUT contact/");
        assertThat(requests).contains("contactlist/").contains("HTTP 200");
    }

    @Test
    void theOverviewChartsDrawAndRefreshByThemselves() {
        browser.open(server.baseUrl() + "/console/#/overview");
        for (String chart : new String[]{"ingest", "lag", "queue", "requests", "budget"}) {
            browser.visible("#chart-" + chart + " canvas");
            browser.textContains("#chart-" + chart + "-caption", "now");
        }
        Object width = browser.script("return document.querySelector('#chart-ingest canvas').width;");
        assertThat(((Number) width).intValue()).isPositive();
        assertThat(browser.script("return !!document.getElementById('uplot-css').sheet;")).isEqualTo(true);
        // a second sample arrives within the history's 5 s interval and is drawn without reloading the page
        browser.textContains("#overview-charts [role=status]", "2 sample(s)");
    }

    private static void awaitApi(String path, String fragment) {
        long deadline = System.nanoTime() + Browser.WAIT.toNanos();
        while (!server.get(path).body().contains(fragment)) {
            if (System.nanoTime() > deadline) {
                var last = server.get(path);
                throw new AssertionError(path + " never contained " + fragment + ": HTTP " + last.statusCode() + " " + last.body());
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }
}
