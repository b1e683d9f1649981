package io.emarsysdest.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxFault;
import io.emarsysdest.server.e2e.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.extension.RegisterExtension;


import org.openqa.selenium.By;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The configuration console in real headless Chromium against the real service (random port, embedded Emarsys
 * sandbox): sign-in, Users, the rule builder, data map validation, dead letters. See docs/console.md.
 */
class ConsoleBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ConsoleSession console = new ConsoleSession(Map.of("delivery.retryBase", "200ms"));
    static TestServer server;
    static EmarsysSandbox sandbox;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = console.server();
        sandbox = console.sandbox();
        browser = console.browser();
    }

    /** Every test starts signed out on the console's start page. */
    @BeforeEach
    void signedOut() {
        console.signOut();
    }

    private static void signIn() {
        browser.type("#admin-key", TestServer.ADMIN_KEY);
        browser.click("#sign-in-form button[type=submit]");
        browser.visible("#nav");
    }

    private static boolean patternMismatch(String css) {
        return Boolean.TRUE.equals(browser.script("return document.querySelector(arguments[0]).validity.patternMismatch;", css));
    }

    private static void go(String hash) {
        browser.open(server.baseUrl() + "/console/" + hash);
    }

    private static JsonNode api(String method, String path, String body) throws Exception {
        HttpResponse<String> r = server.api(method, path, body);
        return JSON.readTree(r.body().isEmpty() ? "null" : r.body());
    }

    private static void eventually(String what, BooleanSupplier done) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            if (System.nanoTime() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(25);
        }
    }

    @Test
    void theRootRedirectsToTheConsoleAndAWrongKeyIsRefusedWithTheServersAnswer() {
        browser.open(server.baseUrl() + "/");
        assertThat(browser.driver().getCurrentUrl()).contains("/console/");
        browser.type("#admin-key", "not-the-key");
        browser.click("#sign-in-form button[type=submit]");
        String error = browser.textContains("#sign-in-message .error", "Wrong admin key");
        assertThat(error).contains("HTTP 401 unauthorized").contains("the /api endpoints need the admin key");
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();

        signIn();
        browser.textContains("#readiness", "ready");
        assertThat(browser.script("return sessionStorage.getItem('emd.adminKey')")).isEqualTo(TestServer.ADMIN_KEY);

        // a key that stops working (changed on the server) sends the user back to sign-in with the reason
        browser.script("sessionStorage.setItem('emd.adminKey', 'stale-key')");
        go("#/rules");
        browser.visible("#sign-in");
        browser.textContains("#sign-in-message .error", "Signed out: the admin key was not accepted");
    }

    @Test
    void theIngestWriteKeyDoesNotSignInAndTheAdminKeyIsNeverShown() {
        assertThat(browser.visible("#admin-key").getAttribute("type")).isEqualTo("password");
        browser.type("#admin-key", TestServer.KEY);
        browser.click("#sign-in-form button[type=submit]");
        String error = browser.textContains("#sign-in-message .error", "Wrong admin key");
        assertThat(error).contains("ingest write key").contains("opens nothing under /api");
        assertThat(browser.driver().findElement(By.id("nav")).isDisplayed()).isFalse();

        signIn();
        browser.textContains("#readiness", "ready");
        assertThat(browser.pageText()).doesNotContain(TestServer.ADMIN_KEY);
        go("#/settings");
        String settings = browser.textContains("#settings-table", "server.adminKey");
        assertThat(settings).doesNotContain(TestServer.ADMIN_KEY).doesNotContain(TestServer.KEY);

        // the icon the page names is there (no 404 in the browser's console)
        Object icon = ((org.openqa.selenium.JavascriptExecutor) browser.driver()).executeAsyncScript(
                "const done = arguments[0]; fetch(document.querySelector('link[rel=icon]').href).then((r) => done(r.status + ' ' + r.headers.get('content-type')));");
        assertThat(String.valueOf(icon)).startsWith("200 image/svg+xml");
    }

    @Test
    void anAudienceKeyMustBeSnakeCaseAndAListIdMustExistInEmarsys() throws Exception {
        signIn();
        go("#/audiences");
        browser.type("#audience-key", "VIP Customers");
        assertThat(patternMismatch("#audience-key")).as("the form says so before sending").isTrue();
        HttpResponse<String> refused = server.api("PUT", "/api/audiences/VIP%20Customers", "{\"list\":{\"name\":\"VIP\"}}");
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("not_snake_case").contains("vip_customers");

        browser.type("#audience-key", "gold_members");
        assertThat(patternMismatch("#audience-key")).isFalse();
        browser.choose("#audience-by", "id");
        browser.type("#audience-list-value", "987654");
        browser.click("#audience-form button[type=submit]");
        String error = browser.textContains("#audience-messages .error", "unknown_list");
        assertThat(error).contains("list.id").contains("no contact list with id 987654");
        assertThat(server.api("GET", "/api/audiences/gold_members", null).statusCode()).isEqualTo(404);

        long gold = sandbox.createList("Gold members");
        browser.type("#audience-list-value", Long.toString(gold));
        browser.click("#audience-form button[type=submit]");
        browser.textContains("#audience-messages .notice", "gold_members now goes to " + gold);
        assertThat(api("GET", "/api/audiences/gold_members", null).path("list").path("id").asText()).isEqualTo(Long.toString(gold));
        assertThat(server.api("DELETE", "/api/audiences/gold_members", null).statusCode()).isEqualTo(200);
    }

    @Test
    void aDataMapIdTheServerWouldRefuseIsCaughtByTheForm() {
        signIn();
        go("#/datamaps");
        browser.type("#new-map-id", "bad id!");
        assertThat(patternMismatch("#new-map-id")).as("the pattern compiles in Chromium and refuses the id").isTrue();
        browser.click("#page-datamaps form button[type=submit]");
        assertThat(browser.driver().getCurrentUrl()).endsWith("#/datamaps");
        browser.type("#new-map-id", "crm-v2.eu_1");
        assertThat(patternMismatch("#new-map-id")).isFalse();
        browser.click("#page-datamaps form button[type=submit]");
        browser.textContains("#map-editing", "New map");
    }

    @Test
    void anAudienceIsMappedToAListEditedAndDeleted() throws Exception {
        signIn();
        browser.click("#nav a[data-page=audiences]");
        browser.textContains("#audience-list", "No audience is mapped");

        browser.type("#audience-key", "vip_customers");
        browser.choose("#audience-by", "name");
        browser.type("#audience-list-value", "VIP customers");
        browser.click("#audience-form button[type=submit]");
        browser.textContains("#audience-messages .notice", "vip_customers now goes to name:VIP customers");
        browser.textContains("#audience-list", "vip_customers");
        JsonNode saved = api("GET", "/api/audiences/vip_customers", null);
        assertThat(saved.path("list").path("name").asText()).isEqualTo("VIP customers");
        assertThat(saved.path("enabled").asBoolean()).isTrue();

        browser.click("#audience-list button:not(.danger)"); // Edit fills the form
        browser.choose("#audience-by", "id");
        browser.type("#audience-list-value", "not-a-number");
        browser.click("#audience-form button[type=submit]");
        browser.textContains("#audience-messages .error", "list.id");
        assertThat(api("GET", "/api/audiences/vip_customers", null).path("list").path("name").asText())
                .as("a refused change leaves the mapping as it was").isEqualTo("VIP customers");

        browser.click("#audience-list button.danger");
        browser.click("#confirm-ok");
        browser.textContains("#audience-messages .notice", "deleted");
        browser.textContains("#audience-list", "No audience is mapped");
        assertThat(server.api("GET", "/api/audiences/vip_customers", null).statusCode()).isEqualTo(404);
    }

    @Test
    void rulesAreExportedEditedAndImportedAndABadImportShowsItsProblems() throws Exception {
        String rule = "{\"id\":\"transfer-welcome\",\"name\":\"Welcome\",\"entry\":{\"event\":{\"type\":\"identify\"}},"
                + "\"steps\":[],\"action\":{\"externalEvent\":\"welcome\"}}";
        assertThat(server.api("PUT", "/api/rules/transfer-welcome", rule).statusCode()).isBetween(200, 201);
        signIn();
        browser.click("#nav a[data-page=transfer]");
        browser.click("#rules-export");
        browser.textContains("#rules-transfer-messages .notice", "Exported");
        String exported = (String) browser.script("return document.getElementById('rules-bundle').value;");
        assertThat(exported).contains("\"transfer-welcome\"").contains("\"Welcome\"");
        assertThat(browser.visible("#rules-download").getAttribute("href")).startsWith("blob:");

        browser.setValue("#rules-bundle", exported.replace("\"Welcome\"", "\"Welcome aboard\""));
        browser.click("#rules-import");
        browser.textContains("#rules-transfer-messages", "transfer-welcome");
        assertThat(browser.visible("#rules-transfer-messages").getText()).contains("Imported").contains("yes");
        assertThat(api("GET", "/api/rules/transfer-welcome", null).path("name").asText()).isEqualTo("Welcome aboard");

        browser.setValue("#rules-bundle", "{\"rules\":[{\"id\":\"broken\",\"entry\":{}}]}");
        browser.click("#rules-import");
        browser.textContains("#rules-transfer-messages .error", "rules[0]");
        assertThat(server.api("GET", "/api/rules/broken", null).statusCode()).as("nothing stored").isEqualTo(404);

        browser.setValue("#rules-bundle", "{not json");
        browser.click("#rules-import");
        browser.textContains("#rules-transfer-messages .error", "not valid JSON");
    }

    @Test
    void settingsShowWhatTheServiceRunsWithAndWhereEachValueCameFrom() {
        signIn();
        browser.click("#nav a[data-page=settings]");
        String table = browser.textContains("#settings-table", "processing.linger");
        assertThat(table).contains("PROCESSING_LINGER").contains("50ms").contains("server.apiKey").contains("***")
                .doesNotContain(TestServer.KEY).doesNotContain(TestServer.ADMIN_KEY).contains("command line");

        browser.type("#settings-filter", "retryBase");
        browser.textContains("#settings-table", "delivery.retryBase");
        assertThat(browser.visible("#settings-table").getText()).contains("200ms").doesNotContain("processing.linger");
    }

    @Test
    void usersFindsAPersonSentOverHttpAndDeletesItAfterConfirmation() throws Exception {
        assertThat(server.postAuthed("/v1/identify", "{\"userId\":\"u-browser\",\"traits\":{\"email\":\"Browser.User@Example.com\",\"firstName\":\"Bruno\"}}")
                .statusCode()).isEqualTo(200);
        server.awaitProcessed();
        signIn();
        go("#/users");
        browser.choose("#lookup-type", "email");
        browser.type("#lookup-value", "browser.user@example.com");
        browser.click("#lookup-form button[type=submit]");
        browser.textContains("#person-primary-key", "Browser.User@Example.com");
        String person = browser.visible("#person").getText();
        assertThat(person).contains("u-browser").contains("\"firstName\": \"Bruno\"").contains("identify");

        browser.choose("#lookup-type", "userId");
        browser.type("#lookup-value", "nobody-here");
        browser.click("#lookup-form button[type=submit]");
        browser.textContains("#person-result .error", "HTTP 404 not_found");
        assertThat(browser.visible("#person-result .error").getText()).contains("no person holds userId 'nobody-here'");

        browser.type("#lookup-value", "u-browser");
        browser.click("#lookup-form button[type=submit]");
        browser.click("#delete-person");
        browser.visible("#confirm-dialog");
        browser.click("#confirm-cancel");
        assertThat(server.get("/api/persons?userId=u-browser").statusCode()).isEqualTo(200);
        browser.click("#delete-person");
        browser.click("#confirm-ok");
        browser.textContains("#person-result .notice", "deleted");
        assertThat(server.get("/api/persons?userId=u-browser").statusCode()).isEqualTo(404);
    }

    @Test
    void aRuleMadeWithTheBuilderIsDryRunSavedAndPublished() throws Exception {
        signIn();
        go("#/rules/new");
        browser.type("#rule-id", "browse-no-order");
        browser.type("#rule-name", "Browse without order");
        browser.choose("#entry-type", "track");
        browser.type("#entry-name", "Product Viewed");
        browser.type("#entry-correlate", "properties.product_id");
        browser.click("#add-step");
        browser.choose("#step-0-kind", "absence");
        browser.type("#step-0-name", "Order Completed");
        browser.type("#step-0-amount", "2");
        browser.choose("#step-0-unit", "H");
        browser.type("#action-event", "browse_no_order");
        browser.setValue("#rule-action-data", "{\"global\": {\"sku\": \"{{instance.key}}\"}}");
        String generated = browser.textContains("#rule-json", "\"duration\": \"PT2H\"");
        assertThat(generated).contains("\"correlateBy\": \"properties.product_id\"").contains("\"kind\": \"absence\"")
                .contains("\"externalEvent\": \"browse_no_order\"").contains("{{instance.key}}");

        // dry run: the entry now, the clock moved past the two hours: it fires with the product as key
        Instant t0 = Instant.now();
        browser.setValue("#dry-run-events", "[{\"type\":\"track\",\"event\":\"Product Viewed\",\"userId\":\"u1\",\"timestamp\":\"" + t0
                + "\",\"properties\":{\"product_id\":\"sku-9\"}}]");
        browser.type("#dry-run-end", t0.plus(Duration.ofHours(3)).toString());
        browser.click("#dry-run");
        browser.textContains("#dry-run-summary", "1 fire(s)");
        assertThat(browser.visible("#dry-run-result").getText()).contains("browse_no_order").contains("sku-9");

        browser.click("#save-rule");
        browser.textContains("#rule-messages .notice", "Saved draft version 1 of browse-no-order");
        browser.textContains("#rule-status", "draft");
        browser.click("#publish-rule");
        browser.textContains("#rule-messages .notice", "Published version 1");
        browser.textContains("#rule-status", "active");

        JsonNode rule = api("GET", "/api/rules/browse-no-order", null);
        assertThat(rule.path("status").asText()).isEqualTo("active");
        assertThat(rule.path("activeVersion").asInt()).isEqualTo(1);
        assertThat(rule.at("/definition/steps/0/within/duration").asText()).isEqualTo("PT2H");
        assertThat(rule.at("/definition/entry/event/name").asText()).isEqualTo("Product Viewed");

        // the list shows it; reopening it fills the builder again
        go("#/rules");
        browser.click("a[href='#/rules/browse-no-order']");
        browser.textContains("#rule-json", "\"name\": \"Order Completed\"");
        assertThat(browser.visible("#entry-name").getAttribute("value")).isEqualTo("Product Viewed");
    }

    @Test
    void aRuleTheServerRefusesShowsEveryProblemWithItsPath() {
        signIn();
        go("#/rules/new");
        browser.click("#mode-raw");
        browser.setValue("#rule-raw", "{\"id\":\"bad-rule\",\"entry\":{\"event\":{\"type\":\"nonsense\"}},\"action\":{}}");
        browser.click("#save-rule");
        String error = browser.textContains("#rule-messages .error", "invalid_rule");
        assertThat(error).contains("HTTP 400").contains("entry.event.type").contains("action");
    }

    @Test
    void aDataMapValidationErrorIsShownByPathAndAValidMapIsSavedAndPublished() throws Exception {
        signIn();
        go("#/datamaps");
        browser.type("#new-map-id", "crm-browser");
        browser.click("#page-datamaps form button[type=submit]");
        browser.textContains("#map-editing", "New map");
        browser.click("#map-view-json"); // the table is the first view; JSON the second
        browser.setValue("#map-editor", """
                {"schema":1,"id":"crm-browser","name":"CRM","keyField":"3","appliesTo":{"types":["identify"]},
                 "mappings":[{"from":"traits.email","to":"3"},{"from":"traits.city","to":"No Such Field"}]}""");
        browser.click("#validate-map");
        browser.textContains("#map-messages .error", "unknown_field");
        assertThat(browser.visible("#map-messages .error").getText()).startsWith("Not valid: 1 problem(s) in the map").doesNotContain("error —");
        assertThat(browser.visible("#map-messages .problem-path").getText()).isEqualTo("mappings[1].to");
        assertThat(browser.visible("#map-messages .error").getText()).contains("no Emarsys field with id or name 'No Such Field'");

        browser.click("#save-map"); // saving refuses it too, with the same path
        browser.textContains("#map-messages .error", "mappings[1].to");
        assertThat(server.get("/api/datamaps/crm-browser/versions").statusCode()).isEqualTo(404);

        browser.setValue("#map-editor", """
                {"schema":1,"id":"crm-browser","name":"CRM","keyField":"3","appliesTo":{"types":["identify"]},
                 "mappings":[{"from":"traits.email","to":"3"},{"from":"traits.city","to":"City"}]}""");
        browser.click("#validate-map");
        browser.textContains("#map-messages .notice", "Valid: no problems.");
        browser.click("#save-map");
        browser.textContains("#map-messages .notice", "Saved as version 1 (draft)");
        String header = browser.textContains("#map-summary", "latest version: 1 (draft)");
        assertThat(header).doesNotContain("nothing saved yet");
        browser.textContains("#map-editing", "Editor holds version 1 (draft)");
        browser.setValue("#preview-input", "{\"event\":{\"type\":\"identify\",\"userId\":\"p0\",\"traits\":{\"email\":\"only.mail@example.com\"}}}");
        browser.click("#preview-map");
        String onlyMail = browser.textContains("#preview-result", "only.mail@example.com");
        assertThat(onlyMail).as("the key value is there").doesNotContain("no key value").doesNotContain("has no value for the key field");
        browser.setValue("#preview-input", "{\"event\":{\"type\":\"identify\",\"userId\":\"p1\",\"traits\":{\"email\":\"p1@example.com\",\"city\":\"Vienna\"}}}");
        browser.click("#preview-map");
        String preview = browser.textContains("#preview-result", "Vienna");
        assertThat(preview).contains("p1@example.com");
        browser.click("#publish-saved");
        browser.textContains("#map-messages .notice", "Version 1 is published and running");
        browser.textContains("#map-editing", "Editor holds version 1 (published, running)");
        browser.textContains("#map-summary", "Running version: 1");
        JsonNode map = api("GET", "/api/datamaps/crm-browser", null);
        assertThat(map.at("/running/version").asInt()).isEqualTo(1);

        browser.click("#unpublish-map");
        browser.click("#confirm-ok");
        browser.textContains("#map-messages .notice", "Data map crm-browser is no longer applied");
        assertThat(api("GET", "/api/datamaps/crm-browser", null).path("running").isNull()).isTrue();
    }

    @Test
    void aDeadLetterIsListedAndReplayedAndThenDelivered() throws Exception {
        sandbox.addFault(SandboxFault.status("contact.upsert", 1, 400, 2004));
        assertThat(server.postAuthed("/v1/identify", "{\"userId\":\"u-dead\",\"traits\":{\"email\":\"dead.letter@example.com\",\"firstName\":\"Dee\"}}")
                .statusCode()).isEqualTo(200);
        eventually("the dead letter", () -> {
            try {
                return api("GET", "/api/dead-letters?contact=dead.letter@example.com", null).path("total").asInt() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long id = api("GET", "/api/dead-letters?contact=dead.letter@example.com", null).at("/items/0/id").asLong();
        signIn();
        go("#/overview");
        assertThat(Integer.parseInt(browser.textContains("#dead-letter-total", "").trim())).isPositive();
        assertThat(browser.textContains("#sandbox-banner", "embedded Emarsys sandbox")).contains(sandbox.baseUrl() + "sandbox/requests");
        go("#/delivery");
        browser.type("#dl-contact", "dead.letter@example.com");
        browser.click("#dl-filter button[type=submit]");
        String list = browser.textContains("#dl-list", "1 dead letter(s) match");
        assertThat(list).contains("CONTACT_UPSERT").contains("PERMANENT").contains("2004");
        browser.click("button[data-replay='" + id + "']");
        browser.textContains("#dl-messages .notice", "Dead letter " + id + " replayed");
        browser.textContains("#dl-list", "0 dead letter(s) match");
        eventually("the replayed contact in Emarsys", () -> !sandbox.findContacts("3", "dead.letter@example.com").isEmpty());
    }

    @Test
    void aSingleDeadLetterIsDiscardedOnlyAfterConfirmation() throws Exception {
        sandbox.addFault(SandboxFault.status("contact.upsert", 1, 400, 2004));
        assertThat(server.postAuthed("/v1/identify", "{\"userId\":\"u-discard\",\"traits\":{\"email\":\"discard.me@example.com\"}}")
                .statusCode()).isEqualTo(200);
        eventually("the dead letter", () -> {
            try {
                return api("GET", "/api/dead-letters?contact=discard.me@example.com", null).path("total").asInt() == 1;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long id = api("GET", "/api/dead-letters?contact=discard.me@example.com", null).at("/items/0/id").asLong();
        signIn();
        go("#/delivery");
        browser.type("#dl-contact", "discard.me@example.com");
        browser.click("#dl-filter button[type=submit]");
        browser.textContains("#dl-list", "1 dead letter(s) match");
        browser.click("button[data-discard='" + id + "']");
        assertThat(browser.textContains("#confirm-text", "Discard dead letter " + id)).contains("discard.me@example.com");
        browser.click("#confirm-cancel");
        assertThat(server.get("/api/dead-letters/" + id).statusCode()).as("cancelled: still there").isEqualTo(200);
        browser.click("button[data-discard='" + id + "']");
        browser.click("#confirm-ok");
        browser.textContains("#dl-messages .notice", "Dead letter " + id + " discarded");
        assertThat(server.get("/api/dead-letters/" + id).statusCode()).isEqualTo(404);
    }
}
