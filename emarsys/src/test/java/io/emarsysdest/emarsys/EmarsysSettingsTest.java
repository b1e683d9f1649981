package io.emarsysdest.emarsys;

import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EmarsysSettingsTest {

    @Test
    void wsse_from_env_uses_the_v2_base_and_defaults() {
        EmarsysSettings s = EmarsysSettings.fromEnv(Map.of("EMARSYS_USER", "acme001", "EMARSYS_SECRET", "x"));
        assertThat(s.baseUrl()).isEqualTo("https://api.emarsys.net/api/v2/");
        assertThat(s.tokenUrl()).isEqualTo("https://auth.emarsys.net/oauth2/token");
        assertThat(s.usesOAuth()).isFalse();
        assertThat(s.isConfigured()).isTrue();
        assertThat(s.validate()).isEmpty();
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void oauth_credentials_are_preferred_and_default_to_the_v3_base() {
        EmarsysSettings s = EmarsysSettings.fromEnv(Map.of("EMARSYS_CLIENT_ID", "id", "EMARSYS_CLIENT_SECRET", "sec",
                "EMARSYS_USER", "acme001", "EMARSYS_SECRET", "x", "EMARSYS_TOKEN_URL", "https://idp.example/token",
                "EMARSYS_REQUEST_TIMEOUT", "12"));
        assertThat(s.usesOAuth()).isTrue();
        assertThat(s.baseUrl()).isEqualTo("https://api.emarsys.net/api/v3/");
        assertThat(s.tokenUrl()).isEqualTo("https://idp.example/token");
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(12));
        assertThat(s.validate()).isEmpty();
    }

    @Test
    void an_explicit_base_gets_a_trailing_slash() {
        assertThat(EmarsysSettings.wsse("http://localhost:9/api/v2", "u", "s").baseUrl()).isEqualTo("http://localhost:9/api/v2/");
    }

    @Test
    void validate_reports_every_problem_at_once() {
        EmarsysSettings s = EmarsysSettings.fromEnv(Map.of("EMARSYS_API_BASE", "ftp:/nowhere", "EMARSYS_USER", "only-user",
                "EMARSYS_CLIENT_ID", "only-id", "EMARSYS_CONNECT_TIMEOUT", "soon"));
        assertThat(s.isConfigured()).isFalse();
        assertThat(s.validate()).extracting(Problem::code).containsExactlyInAnyOrder(
                "invalid_url", "emarsys_credentials_missing", "emarsys_wsse_incomplete", "emarsys_oauth_incomplete", "not_positive");
    }

    @Test
    void oauth_against_a_v2_base_is_a_problem() {
        EmarsysSettings s = EmarsysSettings.oauth("https://api.emarsys.net/api/v2/", "id", "sec", null);
        assertThat(s.validate()).extracting(Problem::code).containsExactly("emarsys_oauth_needs_v3");
    }

    @Test
    void to_string_never_shows_secrets() {
        EmarsysSettings s = EmarsysSettings.fromEnv(Map.of("EMARSYS_USER", "acme001", "EMARSYS_SECRET", "topsecret",
                "EMARSYS_CLIENT_ID", "cid", "EMARSYS_CLIENT_SECRET", "alsosecret"));
        assertThat(s.toString()).doesNotContain("topsecret").doesNotContain("alsosecret").contains("cid");
    }
}
