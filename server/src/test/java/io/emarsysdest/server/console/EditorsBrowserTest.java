package io.emarsysdest.server.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.server.e2e.TestServer;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.junit.jupiter.api.extension.RegisterExtension;



import java.net.http.HttpResponse;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The editors in real headless Chromium against the real service: a data map made with the pickers (paths seen in
 * traffic, the account's fields) and previewed live against a person's real event, with the dropped value shown in
 * its row; a rule built with a condition and an exit, dry-run over a person's real events without typing a time,
 * and published without a separate save; the unsaved-edit warning; publish publishing what the editor shows.
 * Every state is also checked with axe-core.
 */
class EditorsBrowserTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    @RegisterExtension
    static final ConsoleSession console = new ConsoleSession();
    static TestServer server;
    static Browser browser;

    @BeforeAll
    static void start() {
        server = console.server();
        browser = console.browser();
    }

    @BeforeEach
    void signIn() {
        console.signIn();
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

    /** The values a datalist offers, once it offers the expected one. */
    private static List<Object> suggestions(String datalistId, String expected) throws InterruptedException {
        String js = "return [...document.querySelectorAll('#" + datalistId + " option')].map((o) => o.value);";
        eventually("suggestion " + expected + " in #" + datalistId, () -> ((List<?>) browser.script(js)).contains(expected));
        return new java.util.ArrayList<Object>((List<?>) browser.script(js));
    }

    /** Whether the element is shown now (no waiting: visible() waits until it is). */
    private static boolean shown(String id) {
        return Boolean.TRUE.equals(browser.script("const e = document.getElementById(arguments[0]); return !!e && e.offsetParent !== null;", id));
    }

    private static String text(String id) {
        return String.valueOf(browser.script("return document.getElementById(arguments[0]).textContent;", id));
    }

    private static void noAccessibilityViolations(String where) {
        assertThat(browser.accessibilityViolations()).as("axe-core in %s", where).isEmpty();
        assertThat(browser.consoleErrors()).as("console errors in %s", where).isEmpty();
    }

    @Test
    void aDataMapIsMadeWithThePickersAndPreviewedLiveAgainstAPersonsRealEvent() throws Exception {
        assertThat(server.postAuthed("/v1/identify", "{\"userId\":\"tier-user\",\"traits\":{\"email\":\"tier@example.com\",\"loyalty_tier\":\"gold\"}}").statusCode()).isEqualTo(200);
        assertThat(server.postAuthed("/v1/identify", "{\"userId\":\"tier-user\",\"traits\":{\"email\":\"tier@example.com\",\"loyalty_tier\":\"platinum\"}}").statusCode()).isEqualTo(200);
        eventually("the traffic catalogue", () -> server.get("/api/schema/paths?type=identify").body().contains("traits.loyalty_tier"));

        go("#/datamaps");
        browser.type("#new-map-id", "loyalty");
        browser.click("#page-datamaps form button[type=submit]");
        browser.visible("#mapping-0-from");
        assertThat(browser.visible("#mapping-0-from").getAttribute("value")).isEqualTo("traits.email, context.traits.email");
        // the source column suggests what traffic carried, the target column lists the account's fields
        assertThat(suggestions("dm-paths", "traits.loyalty_tier")).contains("traits.email", "person.traits.loyalty_tier");
        browser.consoleErrors();

        browser.click("#add-mapping");
        browser.type("#mapping-1-from", "traits.loyalty_tier");
        browser.choose("#mapping-1-to", "5");
        browser.type("#mapping-1-values", "gold=Male; silver=Female");
        // inline validation: a conversion the field does not take is shown in its row
        browser.choose("#mapping-1-convert", "optin");
        browser.textContains("#mapping-1-problems", "conversion_not_allowed");
        browser.choose("#mapping-1-convert", "");
        eventually("the row's problem to go", () -> text("mapping-1-problems").isEmpty());

        // live preview of the unsaved map against the person's newest event: platinum is not in the value table
        browser.type("#live-preview-person-value", "tier@example.com");
        browser.click("#live-preview-person-load");
        browser.textContains("#live-preview-person-status", "2 recent event(s)");
        String warning = browser.textContains("#mapping-1-warnings", "not_in_values");
        assertThat(warning).contains("'platinum' is not in the mapping's value table (gold, silver)").contains("left out");
        assertThat(browser.textContains("#preview-warnings", "not_in_values")).contains("loyalty.mappings[1]");
        assertThat(browser.visible("#live-preview-result").getText()).contains("tier@example.com");
        noAccessibilityViolations("the data map table with a dropped value");
        browser.screenshot("pages/editors-datamap-table");

        // the older event has gold: translated, no warning
        browser.choose("#live-preview-event", "0");
        browser.textContains("#live-preview-result", "Gender (5)");
        eventually("the warning to go", () -> text("mapping-1-warnings").isEmpty());

        browser.click("#save-map");
        browser.textContains("#map-messages .notice", "Saved as version 1 (draft)");
        JsonNode saved = api("GET", "/api/datamaps/loyalty/versions/1", null);
        assertThat(saved.at("/definition/mappings/1/from").asText()).isEqualTo("traits.loyalty_tier");
        assertThat(saved.at("/definition/mappings/1/to").asText()).isEqualTo("5");
        assertThat(saved.at("/definition/mappings/1/values/gold").asText()).isEqualTo("Male");

        // JSON stays available as a second view, and edits there come back to the table
        browser.click("#map-view-json");
        String mapJson = browser.visible("#map-editor").getAttribute("value");
        assertThat(mapJson).contains("\"traits.loyalty_tier\"").doesNotContain("platinum");
        browser.setValue("#map-editor", mapJson.replace("\"silver\": \"Female\"", "\"silver\": \"Female\", \"platinum\": \"Male\""));
        browser.click("#map-view-table");
        assertThat(browser.visible("#mapping-1-values").getAttribute("value")).isEqualTo("gold=Male; silver=Female; platinum=Male");
    }

    @Test
    void aRuleWithAConditionAndAnExitIsDryRunOverAPersonsEventsAndPublishedWithoutASeparateSave() throws Exception {
        assertThat(server.postAuthed("/v1/track", "{\"userId\":\"cart-user\",\"event\":\"Cart Viewed\",\"properties\":{\"value\":50,\"cart_id\":\"c-1\"}}").statusCode()).isEqualTo(200);
        assertThat(server.postAuthed("/v1/track", "{\"userId\":\"cart-user\",\"event\":\"Cart Viewed\",\"properties\":{\"value\":5,\"cart_id\":\"c-2\"}}").statusCode()).isEqualTo(200);
        server.app().emarsys().sandbox().createEvent("cart_reminder");
        eventually("the traffic catalogue", () -> server.get("/api/schema/events").body().contains("Cart Viewed"));

        go("#/rules/new");
        browser.type("#rule-id", "cart-reminder");
        browser.choose("#entry-type", "track");
        browser.type("#entry-name", "Cart Viewed");
        assertThat(suggestions("rule-event-names", "Cart Viewed")).contains("Cart Viewed");
        assertThat(suggestions("rule-paths-entry", "properties.value")).contains("properties.cart_id");
        browser.click("#entry-add-condition");
        browser.type("#entry-where-0-path", "properties.value");
        browser.choose("#entry-where-0-op", "gte");
        browser.type("#entry-where-0-value", "20");
        browser.click("#add-step");
        browser.choose("#step-0-kind", "absence");
        browser.type("#step-0-name", "Order Completed");
        browser.type("#step-0-amount", "2");
        browser.click("#add-exit");
        browser.type("#exit-0-name", "Account Deleted");
        browser.type("#action-event", "cart_reminder");
        assertThat(suggestions("rule-external-events", "cart_reminder")).contains("cart_reminder");
        String generated = browser.textContains("#rule-json", "\"exitWhen\"");
        assertThat(generated).contains("\"op\": \"gte\"").contains("\"value\": 20").contains("\"name\": \"Account Deleted\"");
        assertThat(shown("rule-unsaved")).as("a new rule with content is unsaved").isTrue();

        // dry run over the person's real events, no time typed: the cart worth 50 enters, the 5 does not, and the
        // two-hour absence fires once the run has settled
        browser.type("#dry-run-person-value", "cart-user");
        browser.choose("#dry-run-person-kind", "userId");
        browser.click("#dry-run-person-load");
        browser.textContains("#dry-run-person-status", "2 recent event(s)");
        assertThat(browser.visible("#dry-run-end").getAttribute("placeholder")).as("no placeholder date that looks like a value").isNullOrEmpty();
        browser.click("#dry-run");
        browser.textContains("#dry-run-summary", "1 fire(s), 0 live instance(s), 0 pending timer(s)");
        assertThat(browser.visible("#dry-run-result").getText()).contains("cart_reminder");
        noAccessibilityViolations("the rule builder with a dry run");
        browser.screenshot("pages/editors-rule-builder");
        // without settling, the pending timer is explained rather than a silent zero
        browser.click("#dry-run-settle");
        browser.click("#dry-run");
        browser.textContains("#dry-run-summary", "0 fire(s)");
        assertThat(browser.textContains("#dry-run-notes", "pending")).contains("grace");

        browser.click("#publish-rule");
        browser.textContains("#rule-messages .notice", "Published version 1: it is active now. The edits in the editor were saved first.");
        browser.textContains("#rule-status", "active");
        assertThat(shown("rule-unsaved")).isFalse();
        JsonNode rule = api("GET", "/api/rules/cart-reminder", null);
        assertThat(rule.path("activeVersion").asInt()).isEqualTo(1);
        assertThat(rule.at("/definition/entry/event/where/0").toString()).isEqualTo("{\"path\":\"properties.value\",\"op\":\"gte\",\"value\":20}");
        assertThat(rule.at("/definition/exitWhen/0/name").asText()).isEqualTo("Account Deleted");

        // the rule's figures: a new cart enters and waits
        server.postAuthed("/v1/track", "{\"userId\":\"cart-user-2\",\"event\":\"Cart Viewed\",\"properties\":{\"value\":70}}");
        eventually("an entry", () -> server.get("/api/rules/cart-reminder/stats").body().contains("\"entered\":1"));
        go("#/rules");
        browser.visible("a[href='#/rules/cart-reminder']");
        assertThat(browser.visible("#page-rules table").getText()).contains("Entered").contains("Last fired");
        browser.click("a[href='#/rules/cart-reminder']");
        browser.textContains("#rule-stats", "Entered 1");
        assertThat(browser.visible("#rule-stats").getText()).contains("live instances 1").contains("last fired never");
    }

    @Test
    void unsavedEditsAreWarnedAboutAndPublishPublishesWhatTheEditorShows() throws Exception {
        api("PUT", "/api/rules/shown-rule", "{\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Signed Up\"}},\"action\":{\"externalEvent\":\"welcome_v1\"}}");
        api("POST", "/api/rules/shown-rule/publish", null);

        go("#/rules/shown-rule");
        browser.textContains("#rule-status", "active");
        assertThat(browser.visible("#action-event").getAttribute("value")).isEqualTo("welcome_v1");
        assertThat(shown("rule-unsaved")).as("nothing edited yet").isFalse();
        browser.type("#action-event", "welcome_v2");
        browser.visible("#rule-unsaved");

        // leaving asks; staying keeps the edit and the address
        browser.click("#nav a[data-page=rules]");
        browser.textContains("#confirm-text", "The rule has unsaved edits.");
        noAccessibilityViolations("the unsaved-edits dialog");
        browser.click("#confirm-cancel");
        eventually("the address put back", () -> browser.driver().getCurrentUrl().endsWith("#/rules/shown-rule"));
        assertThat(browser.visible("#action-event").getAttribute("value")).isEqualTo("welcome_v2");

        // Publish without Save publishes the edited rule, not the stored one
        browser.click("#publish-rule");
        browser.textContains("#rule-messages .notice", "Published version 2");
        JsonNode rule = api("GET", "/api/rules/shown-rule", null);
        assertThat(rule.path("activeVersion").asInt()).isEqualTo(2);
        assertThat(rule.at("/definition/action/externalEvent").asText()).isEqualTo("welcome_v2");
        assertThat(shown("rule-unsaved")).isFalse();

        // saved: leaving does not ask
        browser.click("#nav a[data-page=rules]");
        browser.visible("a[href='#/rules/shown-rule']");

        // edited again and left on purpose: the edit is gone, the stored rule unchanged
        go("#/rules/shown-rule");
        browser.textContains("#rule-status", "active");
        browser.type("#rule-name", "Renamed");
        browser.visible("#rule-unsaved");
        browser.click("#nav a[data-page=rules]");
        browser.click("#confirm-ok");
        browser.visible("a[href='#/rules/shown-rule']");
        assertThat(api("GET", "/api/rules/shown-rule", null).path("latestVersion").asInt()).isEqualTo(2);
    }

    @Test
    void aRuleIsRolledBackFromItsChangeHistoryWithTheDifferenceShown() throws Exception {
        String rule = "{\"entry\":{\"event\":{\"type\":\"track\",\"name\":\"Rolled\"}},\"action\":{\"externalEvent\":\"%s\"}}";
        api("PUT", "/api/rules/rolled-rule", rule.formatted("rolled_first"));
        api("POST", "/api/rules/rolled-rule/publish", null);
        api("PUT", "/api/rules/rolled-rule", rule.formatted("rolled_second"));
        api("POST", "/api/rules/rolled-rule/publish", null);
        JsonNode save2 = api("GET", "/api/history?kind=rule&id=rolled-rule", null).at("/changes/1");
        assertThat(save2.path("action").asText()).isEqualTo("save");

        go("#/rules/rolled-rule");
        browser.textContains("#rule-history", "publish");
        assertThat(browser.visible("#rule-history").getText()).contains("admin key (");
        browser.script("document.querySelectorAll('#rule-history details').forEach((d) => d.open = true);");
        browser.textContains("#rule-history", "rolled_second");
        Object diff = browser.script("return [...document.querySelectorAll('#rule-history pre.diff')].map((p) => p.textContent).find((t) => t.includes('rolled_second'));");
        assertThat(String.valueOf(diff).lines()).anyMatch(l -> l.startsWith("-") && l.contains("\"externalEvent\": \"rolled_first\""))
                .anyMatch(l -> l.startsWith("+") && l.contains("\"externalEvent\": \"rolled_second\""));
        noAccessibilityViolations("the rule's change history");
        browser.screenshot("pages/editors-change-history");

        browser.click("#rollback-" + save2.path("id").asLong());
        browser.textContains("#confirm-text", "Put rule rolled-rule back");
        browser.click("#confirm-ok");
        browser.textContains("#rule-history-area .notice", "Rolled back");
        JsonNode now = api("GET", "/api/rules/rolled-rule", null);
        assertThat(now.at("/definition/action/externalEvent").asText()).isEqualTo("rolled_first");
        assertThat(now.path("status").asText()).isEqualTo("active");
        eventually("the editor to show the rolled-back rule", () -> "rolled_first".equals(browser.visible("#action-event").getAttribute("value")));
        browser.textContains("#rule-history", "rollback of #" + save2.path("id").asLong());
        assertThat(shown("rule-unsaved")).isFalse();
    }
}
