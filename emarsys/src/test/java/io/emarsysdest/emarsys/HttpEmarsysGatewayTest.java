package io.emarsysdest.emarsys;

import io.emarsysdest.testkit.ManualClock;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.BatchOutcome.ItemOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxFault;
import io.emarsysdest.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;

import static io.emarsysdest.core.delivery.Failure.Kind.PERMANENT;
import static io.emarsysdest.core.delivery.Failure.Kind.RATE_LIMITED;
import static io.emarsysdest.core.delivery.Failure.Kind.RETRYABLE;
import static org.assertj.core.api.Assertions.assertThat;

/** Each class of reply through the gateway, against the sandbox. */
class HttpEmarsysGatewayTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:20Z"));
    private EmarsysSandbox sandbox = EmarsysSandbox.start(0, clock, SandboxOptions.defaults());
    private HttpEmarsysGateway gateway = gateway(SandboxOptions.DEFAULT_SECRET, Duration.ofSeconds(10));
    private final AtomicLong ids = new AtomicLong();

    private HttpEmarsysGateway gateway(String secret, Duration timeout) {
        EmarsysSettings s = EmarsysSettings.wsse(sandbox.baseUrlV2(), SandboxOptions.DEFAULT_USER, secret)
                .withTimeouts(Duration.ofSeconds(2), timeout);
        var http = EmarsysClient.httpClient(s);
        EmarsysClient client = new EmarsysClient(s, http, new WsseAuthenticator(s.user(), s.secret(), clock, new SplittableRandom(5)), clock, null);
        return new HttpEmarsysGateway(Map.of("default", client), clock);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private BatchItem item(String key, ObjectNode payload) {
        return new BatchItem(List.of(ids.incrementAndGet()), key, payload);
    }

    private BatchOutcome upsert(BatchItem... items) {
        return gateway.send(new DeliveryBatch("default", Operation.CONTACT_UPSERT, "3", null, List.of(items)));
    }

    private BatchOutcome send(Operation op, String target, BatchItem... items) {
        return gateway.send(new DeliveryBatch("default", op, "3", target, List.of(items)));
    }

    private static ObjectNode fields(String... kv) {
        ObjectNode n = JSON.createObjectNode();
        for (int i = 0; i < kv.length; i += 2) n.put(kv[i], kv[i + 1]);
        return n;
    }

    private static List<ItemOutcome> items(BatchOutcome o) {
        assertThat(o).isInstanceOf(BatchOutcome.Answered.class);
        return ((BatchOutcome.Answered) o).items();
    }

    private static Failure failed(ItemOutcome o) {
        assertThat(o).isInstanceOf(ItemOutcome.Failed.class);
        return ((ItemOutcome.Failed) o).failure();
    }

    private static Failure requestFailure(BatchOutcome o) {
        assertThat(o).isInstanceOf(BatchOutcome.RequestFailed.class);
        return ((BatchOutcome.RequestFailed) o).failure();
    }

    private static ObjectNode trigger(String triggerId, String eventTime, JsonNode data) {
        ObjectNode p = JSON.createObjectNode().put("trigger_id", triggerId).put("event_time", eventTime);
        if (data != null) p.set("data", data);
        return p;
    }

    @Test
    void upsert_adds_the_key_field_from_the_item_and_delivers_every_item() throws Exception {
        BatchOutcome o = upsert(item("a@x.io", fields("1", "Ann")), item("b@x.io", fields("3", "b@x.io", "2", "Lee")));
        assertThat(items(o)).containsExactly(ItemOutcome.DELIVERED, ItemOutcome.DELIVERED);
        assertThat(JSON.readTree(sandbox.requests("contact.upsert").get(0).body())).isEqualTo(JSON.readTree(
                "{\"key_id\":\"3\",\"contacts\":[{\"1\":\"Ann\",\"3\":\"a@x.io\"},{\"3\":\"b@x.io\",\"2\":\"Lee\"}]}"));
        assertThat(sandbox.contactCount()).isEqualTo(2);
    }

    @Test
    void a_bad_field_value_fails_only_its_own_item_permanently_with_2007() {
        BatchOutcome o = upsert(item("a@x.io", fields("1", "Ann")), item("b@x.io", fields("5", "99")), item("c@x.io", fields("4", "1990-02-30")));
        List<ItemOutcome> out = items(o);
        assertThat(out.get(0)).isEqualTo(ItemOutcome.DELIVERED);
        assertThat(failed(out.get(1))).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(PERMANENT);
            assertThat(f.replyCode()).isEqualTo(2007);
            assertThat(f.httpStatus()).isEqualTo(200);
        });
        assertThat(failed(out.get(2)).replyCode()).isEqualTo(2007);
    }

    @Test
    void an_invalid_key_field_fails_every_item_with_2004() {
        BatchOutcome o = gateway.send(new DeliveryBatch("default", Operation.CONTACT_UPSERT, "nokey", null,
                List.of(item("a@x.io", fields("1", "A")), item("b@x.io", fields("1", "B")))));
        assertThat(items(o)).allSatisfy(i -> {
            assertThat(failed(i).kind()).isEqualTo(PERMANENT);
            assertThat(failed(i).replyCode()).isEqualTo(2004);
        });
    }

    @Test
    void a_trigger_to_a_contact_not_yet_visible_is_retryable_2008_for_that_item_only() throws Exception {
        int event = sandbox.createEvent("order");
        upsert(item("a@x.io", fields("1", "Ann")));
        JsonNode data = JSON.readTree("{\"global\":{\"orderId\":\"42\"}}");
        BatchOutcome o = send(Operation.EVENT_TRIGGER, String.valueOf(event),
                item("a@x.io", trigger("m-1", "2026-11-23T09:00:00Z", data)),
                item("late@x.io", trigger("m-2", "2026-11-23T09:00:01.5+01:00", null)));
        List<ItemOutcome> out = items(o);
        assertThat(out.get(0)).isEqualTo(ItemOutcome.DELIVERED);
        assertThat(failed(out.get(1))).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(RETRYABLE);
            assertThat(f.replyCode()).isEqualTo(2008);
        });
        JsonNode body = JSON.readTree(sandbox.requests("event.trigger").get(0).body());
        assertThat(body).isEqualTo(JSON.readTree("{\"key_id\":\"3\",\"contacts\":["
                + "{\"external_id\":\"a@x.io\",\"trigger_id\":\"m-1\",\"event_time\":\"2026-11-23T09:00:00.000Z\",\"data\":{\"global\":{\"orderId\":\"42\"}}},"
                + "{\"external_id\":\"late@x.io\",\"trigger_id\":\"m-2\",\"event_time\":\"2026-11-23T08:00:01.500Z\"}]}"));
    }

    @Test
    void a_trigger_item_with_non_object_data_fails_locally_and_does_not_sink_the_batch() {
        int event = sandbox.createEvent("order");
        upsert(item("a@x.io", null));
        ObjectNode bad = JSON.createObjectNode().put("trigger_id", "m-9");
        bad.putArray("data").add(1);
        BatchOutcome o = send(Operation.EVENT_TRIGGER, String.valueOf(event), item("a@x.io", bad),
                item("a@x.io", trigger("m-10", "2026-11-23T09:00:00Z", null)), item(" ", null));
        List<ItemOutcome> out = items(o);
        assertThat(failed(out.get(0)).kind()).isEqualTo(PERMANENT);
        assertThat(out.get(1)).isEqualTo(ItemOutcome.DELIVERED);
        assertThat(failed(out.get(2)).kind()).isEqualTo(PERMANENT);
        assertThat(sandbox.triggers()).extracting(t -> t.triggerId()).containsExactly("m-10");
    }

    @Test
    void an_event_without_program_is_permanent_5005() {
        int event = sandbox.createEvent("orphan");
        sandbox.setEventConnected(event, false);
        upsert(item("a@x.io", null));
        Failure f = requestFailure(send(Operation.EVENT_TRIGGER, String.valueOf(event), item("a@x.io", trigger("m", "2026-11-23T09:00:00Z", null))));
        assertThat(f.kind()).isEqualTo(PERMANENT);
        assertThat(f.httpStatus()).isEqualTo(400);
        assertThat(f.replyCode()).isEqualTo(5005);
    }

    @Test
    void list_add_retries_unknown_contacts_and_list_remove_treats_them_as_done() {
        long list = sandbox.createList("vip");
        upsert(item("a@x.io", null));
        List<ItemOutcome> added = items(send(Operation.LIST_ADD, String.valueOf(list), item("a@x.io", null), item("new@x.io", null)));
        assertThat(added.get(0)).isEqualTo(ItemOutcome.DELIVERED);
        assertThat(failed(added.get(1)).kind()).isEqualTo(RETRYABLE);
        List<ItemOutcome> removed = items(send(Operation.LIST_REMOVE, String.valueOf(list), item("a@x.io", null), item("gone@x.io", null)));
        assertThat(removed).containsExactly(ItemOutcome.DELIVERED, ItemOutcome.DELIVERED);
        assertThat(sandbox.lists().get(0).contactIds()).isEmpty();
    }

    @Test
    void an_unknown_list_is_permanent_3006() {
        Failure f = requestFailure(send(Operation.LIST_ADD, "424242", item("a@x.io", null)));
        assertThat(f.kind()).isEqualTo(PERMANENT);
        assertThat(f.replyCode()).isEqualTo(3006);
    }

    @Test
    void contact_delete_sends_the_key_array_and_deletes() throws Exception {
        upsert(item("a@x.io", null), item("b@x.io", null));
        assertThat(items(send(Operation.CONTACT_DELETE, null, item("a@x.io", null), item("nobody@x.io", null))))
                .containsExactly(ItemOutcome.DELIVERED, ItemOutcome.DELIVERED);
        assertThat(JSON.readTree(sandbox.requests("contact.delete").get(0).body()))
                .isEqualTo(JSON.readTree("{\"key_id\":\"3\",\"3\":[\"a@x.io\",\"nobody@x.io\"]}"));
        assertThat(sandbox.contactCount()).isEqualTo(1);
    }

    @Test
    void more_than_1000_items_is_a_permanent_request_failure_400_1000() {
        List<BatchItem> many = new ArrayList<>();
        for (int i = 0; i < 1001; i++) many.add(item("c" + i + "@x.io", null));
        Failure f = requestFailure(gateway.send(new DeliveryBatch("default", Operation.CONTACT_UPSERT, "3", null, many)));
        assertThat(f.kind()).isEqualTo(PERMANENT);
        assertThat(f.httpStatus()).isEqualTo(400);
        assertThat(f.replyCode()).isEqualTo(1000);
    }

    @Test
    void wrong_credentials_are_a_permanent_401() {
        gateway = gateway("wrong", Duration.ofSeconds(10));
        Failure f = requestFailure(upsert(item("a@x.io", null)));
        assertThat(f.kind()).isEqualTo(PERMANENT);
        assertThat(f.httpStatus()).isEqualTo(401);
        assertThat(f.replyCode()).isEqualTo(1);
    }

    @Test
    void a_missing_permission_is_a_permanent_403() {
        sandbox.addFault(SandboxFault.status("contact.upsert", 1, 403, 0));
        assertThat(requestFailure(upsert(item("a@x.io", null)))).satisfies(f -> {
            assertThat(f.kind()).isEqualTo(PERMANENT);
            assertThat(f.httpStatus()).isEqualTo(403);
        });
    }

    @Test
    void server_errors_are_retryable_and_the_retry_succeeds() {
        sandbox.addFault(SandboxFault.status("contact.upsert", 1, 500, 1003));
        sandbox.addFault(SandboxFault.status("contact.upsert", 1, 503, 0));
        Failure first = requestFailure(upsert(item("a@x.io", null)));
        Failure second = requestFailure(upsert(item("a@x.io", null)));
        assertThat(first.kind()).isEqualTo(RETRYABLE);
        assertThat(first.httpStatus()).isEqualTo(500);
        assertThat(second.kind()).isEqualTo(RETRYABLE);
        assertThat(second.httpStatus()).isEqualTo(503);
        assertThat(items(upsert(item("a@x.io", null)))).containsExactly(ItemOutcome.DELIVERED);
    }

    @Test
    void a_429_pauses_until_the_reset_header_instant() {
        sandbox.addFault(SandboxFault.rateLimited("contact.upsert", 1, 37));
        Failure f = requestFailure(upsert(item("a@x.io", null)));
        assertThat(f.kind()).isEqualTo(RATE_LIMITED);
        assertThat(f.httpStatus()).isEqualTo(429);
        assertThat(f.replyCode()).isEqualTo(7003);
        assertThat(f.retryNotBefore()).isEqualTo(clock.instant().plusSeconds(37));
    }

    @Test
    void a_429_without_reset_header_pauses_sixty_seconds() {
        sandbox.addFault(new SandboxFault("contact.upsert", 1, 1, 429, 7003, null, 0, 0, -1));
        assertThat(requestFailure(upsert(item("a@x.io", null))).retryNotBefore()).isEqualTo(clock.instant().plusSeconds(60));
    }

    @Test
    void the_sandbox_rate_limit_yields_rate_limited_until_the_next_minute() {
        sandbox.close();
        sandbox = EmarsysSandbox.start(0, clock, SandboxOptions.defaults().withRequestsPerMinute(1));
        gateway = gateway(SandboxOptions.DEFAULT_SECRET, Duration.ofSeconds(10));
        assertThat(items(upsert(item("a@x.io", null)))).containsExactly(ItemOutcome.DELIVERED);
        Failure f = requestFailure(upsert(item("b@x.io", null)));
        assertThat(f.kind()).isEqualTo(RATE_LIMITED);
        assertThat(f.retryNotBefore()).isEqualTo(Instant.parse("2026-11-23T10:01:00Z"));
    }

    @Test
    void a_timeout_is_retryable_without_http_status() {
        gateway = gateway(SandboxOptions.DEFAULT_SECRET, Duration.ofMillis(300));
        sandbox.addFault(new SandboxFault("contact.upsert", 1, 1, 0, 0, null, 1500, 0, -1));
        Failure f = requestFailure(upsert(item("a@x.io", null)));
        assertThat(f.kind()).isEqualTo(RETRYABLE);
        assertThat(f.httpStatus()).isNull();
        assertThat(f.text()).startsWith("timeout");
    }

    @Test
    void a_closed_port_is_a_retryable_network_error() {
        sandbox.close();
        Failure f = requestFailure(upsert(item("a@x.io", null)));
        assertThat(f.kind()).isEqualTo(RETRYABLE);
        assertThat(f.httpStatus()).isNull();
    }

    @Test
    void a_batch_for_an_unknown_account_fails_permanently_without_a_request() {
        Failure f = requestFailure(gateway.send(new DeliveryBatch("other", Operation.CONTACT_UPSERT, "3", null, List.of(item("a@x.io", null)))));
        assertThat(f.kind()).isEqualTo(PERMANENT);
        assertThat(sandbox.requests()).isEmpty();
    }

    @Test
    void errors_reported_under_a_payload_key_value_or_another_case_still_reach_their_item() {
        BatchOutcome o = upsert(item("Mixed@X.io", fields("5", "99")), item("k1", fields("3", "payload@x.io", "5", "98")),
                item("ok@x.io", null));
        List<ItemOutcome> out = items(o);
        assertThat(failed(out.get(0)).replyCode()).isEqualTo(2007);
        assertThat(failed(out.get(1)).replyCode()).isEqualTo(2007);
        assertThat(out.get(2)).isEqualTo(ItemOutcome.DELIVERED);
    }
}
