package io.emarsysdest.emarsys;

import io.emarsysdest.testkit.ManualClock;
import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.BatchOutcome.ItemOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/** Reply shapes the sandbox does not produce, served verbatim by a stub. */
class GatewayCannedReplyTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final AtomicReference<String> body = new AtomicReference<>();
    private final AtomicReference<Integer> status = new AtomicReference<>(200);
    private final Javalin stub = Javalin.create(c -> c.showJavalinBanner = false)
            .put("/api/v2/contact", ctx -> ctx.status(status.get()).contentType("application/json").result(body.get()))
            .post("/api/v2/event/{id}/trigger", ctx -> ctx.status(status.get()).contentType("application/json").result(body.get()))
            .start("127.0.0.1", 0);
    private final HttpEmarsysGateway gateway;

    GatewayCannedReplyTest() {
        EmarsysSettings s = EmarsysSettings.wsse("http://127.0.0.1:" + stub.port() + "/api/v2/", "u", "s");
        EmarsysClient client = new EmarsysClient(s, EmarsysClient.httpClient(s), new WsseAuthenticator("u", "s", clock, new SplittableRandom(1)), clock, null);
        gateway = new HttpEmarsysGateway(client, clock);
    }

    @AfterEach
    void stop() {
        stub.stop();
    }

    private BatchOutcome send(Operation op, String... keys) {
        List<BatchItem> items = java.util.Arrays.stream(keys).map(k -> new BatchItem(List.of(1L), k, null)).toList();
        return gateway.send(new DeliveryBatch("default", op, "3", op == Operation.EVENT_TRIGGER ? "7" : null, items));
    }

    private static List<ItemOutcome> answered(BatchOutcome o) {
        assertThat(o).isInstanceOf(BatchOutcome.Answered.class);
        return ((BatchOutcome.Answered) o).items();
    }

    @Test
    void a_400_that_lists_item_errors_is_answered_per_item() {
        status.set(400);
        body.set("{\"replyCode\":2008,\"replyText\":\"No contact found\",\"data\":{\"errors\":{\"b@x.io\":{\"2008\":\"No contact\"},\"c@x.io\":{\"2010\":\"More than one\"}}}}");
        List<ItemOutcome> out = answered(send(Operation.EVENT_TRIGGER, "b@x.io", "c@x.io", "d@x.io"));
        assertThat(((ItemOutcome.Failed) out.get(0)).failure().kind()).isEqualTo(Failure.Kind.RETRYABLE);
        assertThat(((ItemOutcome.Failed) out.get(1)).failure().kind()).isEqualTo(Failure.Kind.PERMANENT);
        assertThat(((ItemOutcome.Failed) out.get(2)).failure()).satisfies(f -> {
            assertThat(f.replyCode()).isEqualTo(2008); // the request's own verdict
            assertThat(f.httpStatus()).isEqualTo(400);
        });
    }

    @Test
    void php_shaped_success_with_string_numbers_and_empty_array_errors_delivers_everything() {
        body.set("{\"replyCode\":\"0\",\"replyText\":\"OK\",\"data\":{\"ids\":[\"11\",12,[\"13\"]],\"errors\":[]}}");
        assertThat(answered(send(Operation.CONTACT_UPSERT, "a@x.io", "b@x.io", "c@x.io")))
                .containsOnly(ItemOutcome.DELIVERED).hasSize(3);
    }

    @Test
    void an_html_error_page_with_200_is_retryable_and_with_404_permanent() {
        body.set("<html>gateway</html>");
        assertThat(((BatchOutcome.RequestFailed) send(Operation.CONTACT_UPSERT, "a@x.io")).failure().kind()).isEqualTo(Failure.Kind.RETRYABLE);
        status.set(404);
        assertThat(((BatchOutcome.RequestFailed) send(Operation.CONTACT_UPSERT, "a@x.io")).failure().kind()).isEqualTo(Failure.Kind.PERMANENT);
    }
}
