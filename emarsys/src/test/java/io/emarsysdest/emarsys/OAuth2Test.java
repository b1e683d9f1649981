package io.emarsysdest.emarsys;

import io.emarsysdest.sandbox.EmarsysSandbox;
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
        sandbox.addFault(io.emarsysdest.sandbox.SandboxFault.status("settings", -1, 401, 1));
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
        client.upsertContacts("3", List.of(new com.fasterxml.jackson.databind.ObjectMapper().createObjectNode().put("3", "a@x.io")));
        assertThat(sandbox.requests("contact.upsert").get(0).path()).startsWith("/api/v3/contact");
        assertThat(sandbox.contactCount()).isEqualTo(1);
    }
}
