package io.emarsysdest.emarsys;

import io.emarsysdest.testkit.ManualClock;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.BatchOutcome;
import io.emarsysdest.core.delivery.DeliveryBatch;
import io.emarsysdest.core.delivery.Failure;
import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.sandbox.EmarsysSandbox;
import io.emarsysdest.sandbox.SandboxFault;
import io.emarsysdest.sandbox.RecordedRequest;
import io.emarsysdest.sandbox.SandboxOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OAuth2Test {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final EmarsysSandbox sandbox = EmarsysSandbox.start(0, clock, SandboxOptions.defaults());
    private EmarsysClient client = client(SandboxOptions.DEFAULT_CLIENT_SECRET);

    private EmarsysClient client(String secret) {
        EmarsysSettings s = EmarsysSettings.oauth(sandbox.baseUrlV3(), SandboxOptions.DEFAULT_CLIENT_ID, secret, sandbox.tokenUrl());
        var http = EmarsysClient.httpClient(s);
        return new EmarsysClient(s, http, EmarsysClient.authenticator(s, http, clock, new SplittableRandom(3)), clock, null);
    }

    @AfterEach
    void stop() {
        sandbox.close();
    }

    private long fetches() {
        return ((OAuth2Authenticator) client.authenticator()).fetches();
    }

    @Test
    void the_token_request_is_basic_auth_with_the_client_credentials_grant() throws Exception {
        client.testConnection();
        RecordedRequest token = sandbox.requests("oauth.token").get(0);
        assertThat(token.method()).isEqualTo("POST");
        assertThat(token.body()).isEqualTo("grant_type=client_credentials");
        String basic = "Basic " + Base64.getEncoder().encodeToString((SandboxOptions.DEFAULT_CLIENT_ID + ":" + SandboxOptions.DEFAULT_CLIENT_SECRET).getBytes());
        assertThat(token.headers().entrySet()).anySatisfy(e -> {
            assertThat(e.getKey()).isEqualToIgnoringCase("Authorization");
            assertThat(e.getValue()).isEqualTo(basic);
        });
        assertThat(sandbox.requests("settings").get(0).headers().entrySet())
                .anySatisfy(e -> assertThat(e.getValue()).startsWith("Bearer sbx."));
    }

    @Test
    void the_token_is_cached_and_refreshed_sixty_seconds_before_it_expires() throws Exception {
        client.testConnection();
        clock.advance(Duration.ofSeconds(3539)); // 61 s before the 3600 s expiry: still cached
        client.testConnection();
        assertThat(fetches()).isEqualTo(1);
        clock.advance(Duration.ofSeconds(2)); // 59 s before expiry: refreshed
        client.testConnection();
        assertThat(fetches()).isEqualTo(2);
        assertThat(sandbox.requests("settings")).allSatisfy(r -> assertThat(r.status()).isEqualTo(200));
    }

    @Test
    void a_401_drops_the_token_fetches_a_new_one_and_retries_once() throws Exception {
        client.testConnection();
        sandbox.revokeTokens();
        client.testConnection();
        assertThat(fetches()).isEqualTo(2);
        assertThat(sandbox.requests("settings")).extracting(RecordedRequest::status).containsExactly(200, 401, 200);
    }

    @Test
    void a_persistent_401_is_retried_only_once() throws Exception {
        sandbox.addFault(SandboxFault.status("settings", -1, 401, 1));
        EmarsysResponse r = client.call("settings", "GET", "settings", null, 0);
        assertThat(r.httpStatus()).isEqualTo(401);
        assertThat(sandbox.requests("settings")).hasSize(2);
    }

    @Test
    void refused_client_credentials_raise_a_token_exception_with_the_status() {
        client = client("wrong");
        assertThatThrownBy(() -> client.call("settings", "GET", "settings", null, 0))
                .isInstanceOfSatisfying(OAuthTokenException.class, e -> assertThat(e.httpStatus()).isEqualTo(401));
        assertThat(sandbox.requests("settings")).isEmpty();
    }

    @Test
    void v3_operations_work_with_the_bearer_token() throws Exception {
        client.upsertContacts("3", List.of(new ObjectMapper().createObjectNode().put("3", "a@x.io")));
        assertThat(sandbox.requests("contact.upsert").get(0).path()).startsWith("/api/v3/contact");
        assertThat(sandbox.contactCount()).isEqualTo(1);
    }

    private BatchOutcome upsertThroughGateway() {
        var gateway = new HttpEmarsysGateway(client, clock);
        return gateway.send(new DeliveryBatch("default", Operation.CONTACT_UPSERT,
                "3", null, List.of(new BatchItem(List.of(1L), "a@x.io", null))));
    }

    @Test
    void through_the_gateway_a_401_that_survives_the_refresh_is_permanent() {
        sandbox.addFault(SandboxFault.status("contact.upsert", -1, 401, 1));
        var outcome = upsertThroughGateway();
        assertThat(outcome).isInstanceOfSatisfying(BatchOutcome.RequestFailed.class, f -> {
            assertThat(f.failure().kind()).isEqualTo(Failure.Kind.PERMANENT);
            assertThat(f.failure().httpStatus()).isEqualTo(401);
        });
        assertThat(fetches()).isEqualTo(2);
        assertThat(sandbox.requests("contact.upsert")).hasSize(2);
    }

    @Test
    void through_the_gateway_a_revoked_token_is_refreshed_and_the_batch_delivered() {
        upsertThroughGateway();
        sandbox.revokeTokens();
        assertThat(upsertThroughGateway()).isInstanceOfSatisfying(BatchOutcome.Answered.class,
                a -> assertThat(a.items()).containsExactly(BatchOutcome.ItemOutcome.DELIVERED));
    }

    @Test
    void through_the_gateway_refused_client_credentials_are_permanent_and_a_failing_token_endpoint_retryable() {
        client = client("wrong");
        assertThat(upsertThroughGateway()).isInstanceOfSatisfying(BatchOutcome.RequestFailed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(Failure.Kind.PERMANENT));
        client = client(SandboxOptions.DEFAULT_CLIENT_SECRET);
        sandbox.close(); // token endpoint unreachable
        assertThat(upsertThroughGateway()).isInstanceOfSatisfying(BatchOutcome.RequestFailed.class,
                f -> assertThat(f.failure().kind()).isEqualTo(Failure.Kind.RETRYABLE));
    }
}
