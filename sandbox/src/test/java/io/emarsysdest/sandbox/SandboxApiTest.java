package io.emarsysdest.sandbox;

import io.emarsysdest.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxApiTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:10Z"));
    private EmarsysSandbox sandbox = EmarsysSandbox.start(0, clock, SandboxOptions.defaults());
    private SandboxHttp http = new SandboxHttp(sandbox, clock);

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private void restart(SandboxOptions options) {
        sandbox.close();
        sandbox = EmarsysSandbox.start(0, clock, options);
        http = new SandboxHttp(sandbox, clock);
    }

    @Test
    void upsert_creates_then_updates_and_reports_new_ids_as_numbers_and_existing_ids_as_strings() throws Exception {
        var first = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\",\"1\":\"Ann\"}]}");
        var second = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":3,\"contacts\":[{\"3\":\"A@X.io\",\"2\":\"Lee\"}]}");
        assertThat(first.data().path("ids").get(0).isNumber()).isTrue();
        assertThat(second.data().path("ids").get(0).isTextual()).isTrue();
        assertThat(sandbox.findContacts("3", "a@x.io")).singleElement()
                .satisfies(c -> assertThat(c).containsEntry("1", "Ann").containsEntry("2", "Lee"));
    }

    @Test
    void upsert_without_create_if_not_exists_reports_2008_for_unknown_contacts() throws Exception {
        var r = http.v2("PUT", "contact/", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"nobody@x.io\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data().path("errors").path("nobody@x.io").has("2008")).isTrue();
        assertThat(sandbox.contactCount()).isZero();
    }

    @Test
    void upsert_reports_per_item_value_errors_and_writes_the_good_items() throws Exception {
        var r = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":["
                + "{\"3\":\"ok@x.io\",\"5\":502,\"4\":\"1990-02-28\",\"31\":1},"
                + "{\"3\":\"choice@x.io\",\"5\":99},"
                + "{\"3\":\"date@x.io\",\"4\":\"28.02.1990\"},"
                + "{\"3\":\"optin@x.io\",\"31\":\"true\"},"
                + "{\"3\":\"readonly@x.io\",\"48\":\"x\"},"
                + "{\"3\":\"field@x.io\",\"9999\":\"x\"},"
                + "{\"1\":\"no key\"}]}");
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.replyCode()).isZero();
        var errors = r.data().path("errors");
        assertThat(errors.path("choice@x.io").has("2007")).isTrue();
        assertThat(errors.path("date@x.io").has("2007")).isTrue();
        assertThat(errors.path("optin@x.io").has("2007")).isTrue();
        assertThat(errors.path("readonly@x.io").has("2007")).isTrue();
        assertThat(errors.path("field@x.io").has("2006")).isTrue();
        assertThat(errors.path("").has("2005")).isTrue();
        assertThat(sandbox.contactCount()).isEqualTo(1);
        assertThat(r.data().path("ids")).hasSize(1);
    }

    @Test
    void an_invalid_key_id_fails_every_contact_with_2004() throws Exception {
        var r = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"nokey\",\"contacts\":[{\"3\":\"a@x.io\"}]}");
        assertThat(r.data().path("errors").path("<NO_KEY_ID>").has("2004")).isTrue();
        assertThat(sandbox.contactCount()).isZero();
    }

    @Test
    void a_key_value_shared_by_two_contacts_gives_2010() throws Exception {
        sandbox.insertContact(Map.of("3", "twin@x.io"));
        sandbox.insertContact(Map.of("3", "twin@x.io"));
        var r = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"twin@x.io\",\"1\":\"T\"}]}");
        assertThat(r.data().path("errors").path("twin@x.io").has("2010")).isTrue();
    }

    @Test
    void more_than_1000_items_is_400_1000_and_bad_json_is_400_1010() throws Exception {
        StringBuilder body = new StringBuilder("{\"key_id\":\"3\",\"contacts\":[");
        for (int i = 0; i < 1001; i++) body.append(i == 0 ? "" : ",").append("{\"3\":\"c").append(i).append("@x.io\"}");
        var tooMany = http.v2("PUT", "contact/?create_if_not_exists=1", body.append("]}").toString());
        var badJson = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.replyCode()).isEqualTo(1000);
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.replyCode()).isEqualTo(1010);
        assertThat(sandbox.contactCount()).isZero();
    }

    @Test
    void triggers_need_an_existing_contact_a_valid_event_time_and_object_data() throws Exception {
        int event = sandbox.createEvent("order");
        http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\"}]}");
        var batch = http.v2("POST", "event/" + event + "/trigger", "{\"key_id\":\"3\",\"contacts\":["
                + "{\"external_id\":\"a@x.io\",\"trigger_id\":\"t1\",\"event_time\":\"2026-11-23T10:00:00.123Z\",\"data\":{\"a\":1}},"
                + "{\"external_id\":\"b@x.io\",\"trigger_id\":\"t2\"}]}");
        assertThat(batch.status()).isEqualTo(200);
        assertThat(batch.data().path("errors").path("b@x.io").has("2008")).isTrue();
        var badTime = http.v2("POST", "event/" + event + "/trigger", "{\"key_id\":\"3\",\"contacts\":[{\"external_id\":\"a@x.io\",\"event_time\":\"2026-11-23 10:00:00\"}]}");
        var badData = http.v2("POST", "event/" + event + "/trigger", "{\"key_id\":\"3\",\"contacts\":[{\"external_id\":\"a@x.io\",\"data\":[1]}]}");
        var single = http.v2("POST", "event/" + event + "/trigger", "{\"key_id\":\"3\",\"external_id\":\"nobody@x.io\"}");
        var unknownEvent = http.v2("POST", "event/999/trigger", "{\"key_id\":\"3\",\"external_id\":\"a@x.io\"}");
        assertThat(badTime.replyCode()).isEqualTo(5010);
        assertThat(badData.replyCode()).isEqualTo(5011);
        assertThat(single.status()).isEqualTo(400);
        assertThat(single.replyCode()).isEqualTo(2008);
        assertThat(unknownEvent.replyCode()).isEqualTo(5001);
        assertThat(sandbox.triggers()).singleElement().satisfies(t -> {
            assertThat(t.triggerId()).isEqualTo("t1");
            assertThat(t.eventTime()).isEqualTo("2026-11-23T10:00:00.123Z");
            assertThat(t.duplicate()).isFalse();
        });
    }

    @Test
    void a_repeated_trigger_id_is_recorded_as_duplicate() throws Exception {
        int event = sandbox.createEvent("order");
        http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\"}]}");
        String body = "{\"key_id\":\"3\",\"contacts\":[{\"external_id\":\"a@x.io\",\"trigger_id\":\"same\"}]}";
        http.v2("POST", "event/" + event + "/trigger", body);
        http.v2("POST", "event/" + event + "/trigger", body);
        assertThat(sandbox.triggers()).extracting(TriggerRecord::duplicate).containsExactly(false, true);
    }

    @Test
    void a_trigger_body_over_1_mb_is_rejected_and_nothing_triggers() throws Exception {
        int event = sandbox.createEvent("big");
        http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\"}]}");
        String big = "x".repeat(1024 * 1024);
        var r = http.v2("POST", "event/" + event + "/trigger", "{\"key_id\":\"3\",\"external_id\":\"a@x.io\",\"data\":{\"s\":\"" + big + "\"}}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(sandbox.triggerCount()).isZero();
    }

    @Test
    void an_event_that_feeds_no_program_answers_5005() throws Exception {
        int event = sandbox.createEvent("orphan");
        sandbox.setEventConnected(event, false);
        http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\"}]}");
        var r = http.v2("POST", "event/" + event + "/trigger", "{\"key_id\":\"3\",\"contacts\":[{\"external_id\":\"a@x.io\"}]}");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.replyCode()).isEqualTo(5005);
    }

    @Test
    void event_names_and_list_names_are_unique_and_unknown_lists_give_3006() throws Exception {
        assertThat(http.v2("POST", "event", "{\"name\":\"e\"}").replyCode()).isZero();
        assertThat(http.v2("POST", "event", "{\"name\":\"e\"}").replyCode()).isEqualTo(5003);
        assertThat(http.v2("POST", "contactlist", "{\"key_id\":\"3\",\"name\":\"l\",\"external_ids\":[]}").replyCode()).isZero();
        assertThat(http.v2("POST", "contactlist", "{\"key_id\":\"3\",\"name\":\"l\",\"external_ids\":[]}").replyCode()).isEqualTo(3005);
        assertThat(http.v2("POST", "contactlist/123/add", "{\"key_id\":\"3\",\"external_ids\":[\"a@x.io\"]}").replyCode()).isEqualTo(3006);
    }

    @Test
    void list_and_event_names_are_unique_regardless_of_case_as_in_emarsys() throws Exception {
        assertThat(http.v2("POST", "contactlist", "{\"key_id\":\"3\",\"name\":\"VIP\",\"external_ids\":[]}").replyCode()).isZero();
        assertThat(http.v2("POST", "contactlist", "{\"key_id\":\"3\",\"name\":\"vip\",\"external_ids\":[]}").replyCode()).isEqualTo(3005);
        assertThat(http.v2("POST", "event", "{\"name\":\"Order_Placed\"}").replyCode()).isZero();
        assertThat(http.v2("POST", "event", "{\"name\":\"order_placed\"}").replyCode()).isEqualTo(5003);
    }

    @Test
    void a_key_field_the_account_lacks_is_refused_with_2004_even_when_demo_mode_creates_fields() throws Exception {
        restart(SandboxOptions.defaults().withAutoCreate(true));
        var upsert = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"4242\",\"contacts\":[{\"4242\":\"C-1\"}]}");
        assertThat(upsert.json().toString()).contains("2004");
        var trigger = http.v2("POST", "event/" + sandbox.createEvent("e") + "/trigger", "{\"key_id\":\"4242\",\"external_id\":\"C-1\"}");
        assertThat(trigger.replyCode()).isEqualTo(2004);
        var custom = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"1000\",\"contacts\":[{\"1000\":\"C-1\"}]}");
        assertThat(custom.replyCode()).isZero();
        assertThat(sandbox.findContacts("1000", "C-1")).hasSize(1);
    }

    @Test
    void list_add_and_delete_change_membership_and_report_empty_errors_as_an_array() throws Exception {
        long list = sandbox.createList("vip");
        http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\"},{\"3\":\"b@x.io\"}]}");
        var add = http.v2("POST", "contactlist/" + list + "/add", "{\"key_id\":\"3\",\"external_ids\":[\"a@x.io\",\"b@x.io\"]}");
        assertThat(add.data().path("inserted_contacts").asInt()).isEqualTo(2);
        assertThat(add.data().path("errors").isArray()).isTrue();
        var del = http.v2("POST", "contactlist/" + list + "/delete", "{\"key_id\":\"3\",\"external_ids\":[\"a@x.io\"]}");
        assertThat(del.data().path("deleted_contacts").asInt()).isEqualTo(1);
        assertThat(http.v2("GET", "contactlist/" + list + "/count", null).data().asInt()).isEqualTo(1);
    }

    @Test
    void rate_limit_headers_count_down_and_the_limit_answers_429_7003_until_the_next_minute() throws Exception {
        restart(SandboxOptions.defaults().withRequestsPerMinute(2));
        var one = http.v2("GET", "settings", null);
        http.v2("GET", "settings", null);
        var third = http.v2("GET", "settings", null);
        assertThat(one.raw().headers().firstValue("X-RateLimit-Limit")).hasValue("2");
        assertThat(one.raw().headers().firstValue("X-Ratelimit-Remaining")).hasValue("1");
        assertThat(third.status()).isEqualTo(429);
        assertThat(third.replyCode()).isEqualTo(7003);
        long reset = Instant.parse("2026-11-23T10:01:00Z").getEpochSecond();
        assertThat(third.raw().headers().firstValue("X-RateLimit-Reset")).hasValue(String.valueOf(reset));
        clock.advance(Duration.ofSeconds(50));
        assertThat(http.v2("GET", "settings", null).status()).isEqualTo(200);
    }

    @Test
    void scripted_faults_answer_the_next_n_requests_of_an_endpoint_then_stop() throws Exception {
        sandbox.addFault(SandboxFault.status("contact.upsert", 2, 503, 0));
        String body = "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\"}]}";
        assertThat(http.v2("GET", "settings", null).status()).isEqualTo(200);
        assertThat(http.v2("PUT", "contact/?create_if_not_exists=1", body).status()).isEqualTo(503);
        assertThat(http.v2("PUT", "contact/?create_if_not_exists=1", body).status()).isEqualTo(503);
        assertThat(http.v2("PUT", "contact/?create_if_not_exists=1", body).status()).isEqualTo(200);
        assertThat(sandbox.contactCount()).isEqualTo(1);
    }

    @Test
    void faults_can_be_scripted_and_requests_inspected_over_http() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<String> added = client.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "sandbox/faults"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"endpoint\":\"settings\",\"count\":1,\"status\":429,\"replyCode\":7003,\"resetAfterSeconds\":42}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).isEqualTo(201);
        var limited = http.v2("GET", "settings", null);
        assertThat(limited.status()).isEqualTo(429);
        assertThat(limited.raw().headers().firstValue("X-RateLimit-Reset")).hasValue(String.valueOf(clock.instant().getEpochSecond() + 42));
        HttpResponse<String> requests = client.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "sandbox/requests?endpoint=settings")).build(),
                HttpResponse.BodyHandlers.ofString());
        var recorded = SandboxHttp.JSON.readTree(requests.body());
        assertThat(recorded).hasSize(1);
        assertThat(recorded.get(0).path("status").asInt()).isEqualTo(429);
        assertThat(recorded.get(0).path("user").asText()).isEqualTo(SandboxOptions.DEFAULT_USER);
        HttpResponse<String> reset = client.send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "sandbox/reset"))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(reset.statusCode()).isEqualTo(204);
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void large_replies_are_gzipped_when_the_client_accepts_it() throws Exception {
        HttpResponse<byte[]> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(sandbox.baseUrlV2() + "field/translate/en"))
                .header("X-WSSE", http.header(clock.instant())).header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    }

    @Test
    void auto_create_mode_invents_unknown_events_lists_and_fields_for_demos() throws Exception {
        restart(SandboxOptions.defaults().withAutoCreate(true));
        var upsert = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\",\"4711\":\"gold\"}]}");
        var trigger = http.v2("POST", "event/5555/trigger", "{\"key_id\":\"3\",\"contacts\":[{\"external_id\":\"a@x.io\"}]}");
        var add = http.v2("POST", "contactlist/777/add", "{\"key_id\":\"3\",\"external_ids\":[\"a@x.io\"]}");
        assertThat(upsert.data().path("errors").isEmpty()).isTrue();
        assertThat(trigger.replyCode()).isZero();
        assertThat(add.data().path("inserted_contacts").asInt()).isEqualTo(1);
        assertThat(sandbox.findContacts("3", "a@x.io").get(0)).containsEntry("4711", "gold");
        assertThat(sandbox.events()).extracting(SandboxEvent::id).containsExactly(5555);
        assertThat(sandbox.lists()).extracting(SandboxList::id).containsExactly(777L);
    }

    @Test
    void without_auto_create_unknown_field_ids_are_2006() throws Exception {
        var upsert = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":[{\"3\":\"a@x.io\",\"4711\":\"gold\"}]}");
        assertThat(upsert.data().path("errors").path("a@x.io").has("2006")).isTrue();
    }
}
