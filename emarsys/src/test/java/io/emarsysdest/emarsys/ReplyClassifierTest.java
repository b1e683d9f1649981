package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.node.TextNode;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import org.junit.jupiter.api.Test;

import java.net.http.HttpTimeoutException;
import java.time.Instant;

import static io.emarsysdest.core.delivery.Failure.Kind.PERMANENT;
import static io.emarsysdest.core.delivery.Failure.Kind.RATE_LIMITED;
import static io.emarsysdest.core.delivery.Failure.Kind.RETRYABLE;
import static io.emarsysdest.emarsys.ReplyClassifier.Verdict;
import static org.assertj.core.api.Assertions.assertThat;

class ReplyClassifierTest {
    private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

    private static EmarsysResponse reply(int status, Integer code, Instant reset) {
        return new EmarsysResponse(status, code, "text", TextNode.valueOf(""), new RateLimitInfo(null, null, reset), "");
    }

    private static Failure request(int status, Integer code) {
        return ReplyClassifier.requestFailure(Operation.CONTACT_UPSERT, reply(status, code, null), NOW);
    }

    @Test
    void success_needs_2xx_and_reply_code_0() {
        assertThat(request(200, 0)).isNull();
        assertThat(request(200, 2004).kind()).isEqualTo(PERMANENT);
        assertThat(request(200, null).kind()).isEqualTo(RETRYABLE);
    }

    @Test
    void rate_limits_pause_until_the_reset_header_or_sixty_seconds() {
        Failure withReset = ReplyClassifier.requestFailure(Operation.EVENT_TRIGGER, reply(429, 7003, NOW.plusSeconds(17)), NOW);
        Failure without = ReplyClassifier.requestFailure(Operation.EVENT_TRIGGER, reply(429, null, null), NOW);
        Failure codeOnly = ReplyClassifier.requestFailure(Operation.EVENT_TRIGGER, reply(200, 7003, null), NOW);
        assertThat(withReset.kind()).isEqualTo(RATE_LIMITED);
        assertThat(withReset.retryNotBefore()).isEqualTo(NOW.plusSeconds(17));
        assertThat(without.retryNotBefore()).isEqualTo(NOW.plusSeconds(60));
        assertThat(codeOnly.kind()).isEqualTo(RATE_LIMITED);
    }

    @Test
    void server_errors_and_transient_codes_retry() {
        assertThat(request(500, 1003).kind()).isEqualTo(RETRYABLE);
        assertThat(request(502, null).kind()).isEqualTo(RETRYABLE);
        assertThat(request(503, null).kind()).isEqualTo(RETRYABLE);
        assertThat(request(500, 2011).kind()).isEqualTo(RETRYABLE);
        assertThat(ReplyClassifier.transportFailure(new HttpTimeoutException("slow")).kind()).isEqualTo(RETRYABLE);
        assertThat(ReplyClassifier.transportFailure(new java.net.ConnectException("refused")).httpStatus()).isNull();
    }

    @Test
    void client_errors_auth_and_permissions_are_permanent() {
        assertThat(request(400, 1000).kind()).isEqualTo(PERMANENT);
        assertThat(request(400, 1010).kind()).isEqualTo(PERMANENT);
        assertThat(request(401, 1).kind()).isEqualTo(PERMANENT);
        assertThat(request(403, null).kind()).isEqualTo(PERMANENT);
        assertThat(request(404, null).kind()).isEqualTo(PERMANENT);
        assertThat(ReplyClassifier.transportFailure(new OAuthTokenException(401, "bad client")).kind()).isEqualTo(PERMANENT);
        assertThat(ReplyClassifier.transportFailure(new OAuthTokenException(503, "down")).kind()).isEqualTo(RETRYABLE);
    }

    @Test
    void contact_not_found_retries_for_triggers_and_list_adds_but_is_done_for_removals() {
        assertThat(ReplyClassifier.byCode(Operation.EVENT_TRIGGER, 2008)).isEqualTo(Verdict.RETRYABLE);
        assertThat(ReplyClassifier.byCode(Operation.LIST_ADD, 2008)).isEqualTo(Verdict.RETRYABLE);
        assertThat(ReplyClassifier.byCode(Operation.LIST_REMOVE, 2008)).isEqualTo(Verdict.DELIVERED);
        assertThat(ReplyClassifier.byCode(Operation.CONTACT_DELETE, 2008)).isEqualTo(Verdict.DELIVERED);
    }

    @Test
    void documented_permanent_item_codes_are_permanent() {
        for (int code : new int[]{2004, 2005, 2006, 2007, 2010, 2020, 3004, 3006, 5001, 5004, 5005, 5008, 5009, 5010, 5011}) {
            assertThat(ReplyClassifier.byCode(Operation.EVENT_TRIGGER, code)).as("code %d", code).isEqualTo(Verdict.PERMANENT);
        }
        assertThat(ReplyClassifier.byCode(Operation.CONTACT_UPSERT, 2009)).isEqualTo(Verdict.RETRYABLE);
    }
}
