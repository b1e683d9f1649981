package io.emarsysdest.sandbox;

import io.emarsysdest.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class SandboxAuthTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
    private final EmarsysSandbox sandbox = EmarsysSandbox.start(0, clock, SandboxOptions.defaults());
    private final SandboxHttp http = new SandboxHttp(sandbox, clock);

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void digest_is_base64_of_the_hex_text_of_sha1_as_in_the_reference_vector() {
        assertThat(SandboxAuth.expectedDigest("d36e3162829ed4c89851497a717f", "2014-03-20T12:51:45Z", "customersecret"))
                .isEqualTo("NjBiYzYzMGI0ZmVhMDg2ODc4OTUyNzhlNzYyYTA3MjI1NTY2MmI2ZQ==");
    }

    @Test
    void accepts_created_within_five_minutes_either_way() throws Exception {
        assertThat(http.send("GET", sandbox.baseUrlV2() + "settings", null, http.header(clock.instant().minusSeconds(299))).status()).isEqualTo(200);
        assertThat(http.send("GET", sandbox.baseUrlV2() + "settings", null, http.header(clock.instant().plusSeconds(299))).status()).isEqualTo(200);
    }

    @Test
    void rejects_created_more_than_five_minutes_off_with_401_reply_code_1() throws Exception {
        SandboxHttp.Answer late = http.send("GET", sandbox.baseUrlV2() + "settings", null, http.header(clock.instant().minus(Duration.ofMinutes(6))));
        SandboxHttp.Answer early = http.send("GET", sandbox.baseUrlV2() + "settings", null, http.header(clock.instant().plus(Duration.ofMinutes(6))));
        assertThat(late.status()).isEqualTo(401);
        assertThat(late.replyCode()).isEqualTo(1);
        assertThat(early.status()).isEqualTo(401);
    }

    @Test
    void accepts_the_documented_zone_forms_of_created() throws Exception {
        for (String created : new String[]{"2026-11-23T10:00:00Z", "2026-11-23T10:00:00.000Z", "2026-11-23T10:00:00+00:00",
                "2026-11-23T10:00:00+0000", "2026-11-23T11:00:00+0100"}) {
            String header = SandboxHttp.wsse(SandboxOptions.DEFAULT_USER, SandboxOptions.DEFAULT_SECRET, "0123456789abcdef0123456789abcdef", created);
            assertThat(http.send("GET", sandbox.baseUrlV2() + "settings", null, header).status()).as(created).isEqualTo(200);
        }
    }

    @Test
    void rejects_a_wrong_secret_a_raw_bytes_digest_and_a_missing_header() throws Exception {
        String created = "2026-11-23T10:00:00.000Z";
        String wrongSecret = SandboxHttp.wsse(SandboxOptions.DEFAULT_USER, "nope", "0123456789abcdef0123456789abcdef", created);
        String rawBytes = "UsernameToken Username=\"" + SandboxOptions.DEFAULT_USER + "\", PasswordDigest=\"YLxjC0/qCGh4lSeOdioHIlVmK24=\", Nonce=\"0123456789abcdef0123456789abcdef\", Created=\"" + created + "\"";
        assertThat(http.send("GET", sandbox.baseUrlV2() + "settings", null, wrongSecret).status()).isEqualTo(401);
        assertThat(http.send("GET", sandbox.baseUrlV2() + "settings", null, rawBytes).status()).isEqualTo(401);
        SandboxHttp.Answer none = http.send("GET", sandbox.baseUrlV2() + "settings", null, null);
        assertThat(none.status()).isEqualTo(401);
        assertThat(none.json().path("replyText").asText()).isEqualTo("Credentials are invalid");
    }

    @Test
    void v3_paths_need_a_bearer_token_not_wsse() throws Exception {
        assertThat(http.send("GET", sandbox.baseUrlV3() + "settings", null, http.header(clock.instant())).status()).isEqualTo(401);
    }
}
