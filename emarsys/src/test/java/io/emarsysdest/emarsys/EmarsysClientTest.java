package io.emarsysdest.emarsys;

import io.emarsysdest.testkit.ManualClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.RecordedRequest;
import io.emarsysdest.sandbox.SandboxOptions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every typed operation against the in-process sandbox over WSSE. */
class EmarsysClientTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final EmarsysSandbox sandbox = EmarsysSandbox.start(0, clock, SandboxOptions.defaults());
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final EmarsysClient client = client(SandboxOptions.DEFAULT_SECRET);

    private EmarsysClient client(String secret) {
        EmarsysSettings settings = EmarsysSettings.wsse(sandbox.baseUrlV2(), SandboxOptions.DEFAULT_USER, secret);
        var http = EmarsysClient.httpClient(settings);
        return new EmarsysClient(settings, http, new WsseAuthenticator(settings.user(), settings.secret(), clock, new SplittableRandom(1)),
                clock, registry);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private static ObjectNode contact(String email, String first) {
        return JSON.createObjectNode().put("3", email).put("1", first);
    }

    @Test
    void settings_is_the_connection_test() throws Exception {
        AccountSettings s = client.testConnection();
        assertThat(s.id()).isEqualTo(sandbox.options().accountId());
        assertThat(s.name()).isEqualTo("sandbox");
    }

    @Test
    void upsert_sends_the_batch_form_with_a_fresh_wsse_header_and_reports_ids() throws Exception {
        ItemsResult r = client.upsertContacts("3", List.of(contact("a@x.io", "Ann"), contact("b@x.io", "Bob")));
        client.upsertContacts("3", List.of(contact("a@x.io", "Anna")));
        assertThat(r.ids()).hasSize(2);
        assertThat(r.errors()).isEmpty();
        List<RecordedRequest> sent = sandbox.requests("contact.upsert");
        assertThat(sent.get(0).method()).isEqualTo("PUT");
        assertThat(sent.get(0).query()).isEqualTo("create_if_not_exists=1");
        assertThat(JSON.readTree(sent.get(0).body())).isEqualTo(JSON.readTree(
                "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\",\"1\":\"Ann\"},{\"3\":\"b@x.io\",\"1\":\"Bob\"}]}"));
        assertThat(header(sent.get(0), "X-WSSE")).isNotEqualTo(header(sent.get(1), "X-WSSE"));
        assertThat(header(sent.get(0), "Content-Type")).isEqualTo("application/json");
        assertThat(sandbox.findContacts("3", "a@x.io")).singleElement().satisfies(c -> assertThat(c).containsEntry("1", "Anna"));
    }

    private static String header(RecordedRequest r, String name) {
        return r.headers().entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name)).map(java.util.Map.Entry::getValue)
                .findFirst().orElse(null);
    }

    @Test
    void upsert_reports_per_item_errors_by_key_value() throws Exception {
        ItemsResult r = client.upsertContacts("3", List.of(contact("ok@x.io", "Ok"),
                JSON.createObjectNode().put("3", "bad@x.io").put("5", 77)));
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.key()).isEqualTo("bad@x.io");
            assertThat(e.code()).isEqualTo(2007);
        });
    }

    @Test
    void getdata_returns_found_contacts_and_not_found_keys_as_errors() throws Exception {
        client.upsertContacts("3", List.of(contact("a@x.io", "Ann")));
        ContactData found = client.getData("3", List.of("a@x.io", "zz@x.io"), List.of("1", "3"));
        assertThat(found.contacts()).singleElement().satisfies(c -> assertThat(c.path("1").asText()).isEqualTo("Ann"));
        assertThat(found.errors()).singleElement().satisfies(e -> assertThat(e.code()).isEqualTo(2008));
        ContactData none = client.getData("3", List.of("zz@x.io"), null); // result:false
        assertThat(none.contacts()).isEmpty();
    }

    @Test
    void delete_removes_contacts_and_reports_unknown_ones() throws Exception {
        client.upsertContacts("3", List.of(contact("a@x.io", "Ann")));
        ItemsResult r = client.deleteContacts("3", List.of("a@x.io", "zz@x.io"));
        assertThat(r.count()).isEqualTo(1);
        assertThat(r.errors()).extracting(ItemError::key).containsExactly("zz@x.io");
        assertThat(sandbox.contactCount()).isZero();
        assertThat(JSON.readTree(sandbox.requests("contact.delete").get(0).body()))
                .isEqualTo(JSON.readTree("{\"key_id\":\"3\",\"3\":[\"a@x.io\",\"zz@x.io\"]}"));
    }

    @Test
    void fields_and_choices_are_listed_and_large_gzipped_replies_decoded() throws Exception {
        List<Field> fields = client.listFields();
        assertThat(fields).contains(new Field(3, "E-mail", "longtext", "email"), new Field(31, "Opt-In", "special", "optin"));
        assertThat(client.fieldChoices(5)).extracting(FieldChoice::choice).contains("Male", "Female");
        assertThat(header(sandbox.requests("field.list").get(0), "Accept-Encoding")).isEqualTo("gzip");
    }

    @Test
    void multichoice_options_come_from_field_choices_and_the_single_choice_endpoint_refuses_them() throws Exception {
        assertThat(client.multichoiceChoices(List.of(0)).get(0)).extracting(FieldChoice::choice).containsExactly("Sports", "Music", "Travel");
        assertThatThrownBy(() -> client.fieldChoices(0))
                .isInstanceOfSatisfying(EmarsysApiException.class, x -> assertThat(x.response().replyCode()).isEqualTo(2006));
    }

    @Test
    void events_are_created_listed_and_triggered_in_single_and_batch_form() throws Exception {
        ExternalEvent e = client.createEvent("Order Completed");
        assertThat(client.listEvents()).extracting(ExternalEvent::name).containsExactly("Order Completed");
        assertThatThrownBy(() -> client.createEvent("Order Completed"))
                .isInstanceOfSatisfying(EmarsysApiException.class, x -> assertThat(x.response().replyCode()).isEqualTo(5003));
        client.upsertContacts("3", List.of(contact("a@x.io", "Ann")));
        Instant at = Instant.parse("2026-11-23T09:59:58.5Z");
        client.triggerEvent(String.valueOf(e.id()), "3", new EventTrigger("a@x.io", "m-1", at, JSON.createObjectNode().put("order", "42")));
        ItemsResult batch = client.triggerEvents(String.valueOf(e.id()), "3", List.of(
                new EventTrigger("a@x.io", "m-2", at, null), new EventTrigger("nobody@x.io", "m-3", null, null)));
        assertThat(batch.errors()).singleElement().satisfies(x -> assertThat(x.code()).isEqualTo(2008));
        assertThat(sandbox.triggers()).extracting(t -> t.triggerId() + "@" + t.eventTime())
                .containsExactly("m-1@2026-11-23T09:59:58.500Z", "m-2@2026-11-23T09:59:58.500Z");
        assertThatThrownBy(() -> client.triggerEvent(String.valueOf(e.id()), "3", new EventTrigger("nobody@x.io", null, null, null)))
                .isInstanceOfSatisfying(EmarsysApiException.class, x -> assertThat(x.response().replyCode()).isEqualTo(2008));
    }

    @Test
    void contact_lists_are_created_listed_filled_emptied_and_counted() throws Exception {
        client.upsertContacts("3", List.of(contact("a@x.io", "Ann"), contact("b@x.io", "Bob")));
        ItemsResult created = client.createContactList("VIP", "best", "3", List.of("a@x.io"));
        String id = created.ids().get(0);
        assertThat(client.listContactLists()).extracting(ContactList::name).containsExactly("VIP");
        ItemsResult added = client.addToContactList(id, "3", List.of("b@x.io", "nobody@x.io"));
        assertThat(added.count()).isEqualTo(1);
        assertThat(added.errors()).extracting(ItemError::code).containsExactly(2008);
        assertThat(client.countContactList(id)).isEqualTo(2);
        ItemsResult removed = client.removeFromContactList(id, "3", List.of("a@x.io"));
        assertThat(removed.count()).isEqualTo(1);
        assertThat(removed.errors()).isEmpty(); // came as []
        assertThat(client.countContactList(id)).isEqualTo(1);
    }

    @Test
    void a_wrong_secret_is_401_reply_code_1() throws Exception {
        EmarsysResponse r = client("wrong").call("settings", "GET", "settings", null, 0);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(r.replyCode()).isEqualTo(1);
    }

    @Test
    void a_host_clock_six_minutes_off_is_rejected_by_the_skew_check() throws Exception {
        ManualClock skewed = new ManualClock(clock.instant().plus(Duration.ofMinutes(6)));
        EmarsysSettings settings = EmarsysSettings.wsse(sandbox.baseUrlV2(), SandboxOptions.DEFAULT_USER, SandboxOptions.DEFAULT_SECRET);
        EmarsysClient ahead = new EmarsysClient(settings, EmarsysClient.httpClient(settings),
                new WsseAuthenticator(settings.user(), settings.secret(), skewed, new SplittableRandom(2)), skewed, registry);
        assertThat(ahead.call("settings", "GET", "settings", null, 0).httpStatus()).isEqualTo(401);
    }

    @Test
    void requests_are_counted_by_endpoint_and_outcome_with_items_per_request() throws Exception {
        client.upsertContacts("3", List.of(contact("a@x.io", "Ann"), contact("b@x.io", "Bob")));
        client.upsertContacts("3", List.of(JSON.createObjectNode().put("3", "c@x.io").put("5", 99)));
        assertThat(registry.get("emarsys.client.requests").tags("endpoint", "contact.upsert", "outcome", "ok").timer().count()).isEqualTo(1);
        assertThat(registry.get("emarsys.client.requests").tags("endpoint", "contact.upsert", "outcome", "item_errors").timer().count()).isEqualTo(1);
        assertThat(registry.get("emarsys.client.request.items").tags("endpoint", "contact.upsert").summary().totalAmount()).isEqualTo(3);
    }

    @Test
    void event_usages_tell_whether_an_event_feeds_anything() throws Exception {
        int used = sandbox.createEvent("used");
        int unused = sandbox.createEvent("unused");
        sandbox.setEventConnected(unused, false);
        assertThat(client.eventUsages(String.valueOf(used)).isUnused()).isFalse();
        assertThat(client.eventUsages(String.valueOf(unused)).isUnused()).isTrue();
    }
}
