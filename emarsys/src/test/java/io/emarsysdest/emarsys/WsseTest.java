package io.emarsysdest.emarsys;

import io.emarsysdest.testkit.ManualClock;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class WsseTest {

    @Test
    void digest_matches_the_reference_vector_base64_of_hex_text_not_of_raw_bytes() {
        String digest = Wsse.digest("d36e3162829ed4c89851497a717f", "2014-03-20T12:51:45Z", "customersecret");
        assertThat(digest).isEqualTo("NjBiYzYzMGI0ZmVhMDg2ODc4OTUyNzhlNzYyYTA3MjI1NTY2MmI2ZQ==");
        assertThat(digest).isNotEqualTo("YLxjC0/qCGh4lSeOdioHIlVmK24=").hasSize(56).endsWith("==");
    }

    @Test
    void header_has_the_documented_shape_with_32_hex_nonce_and_iso_millisecond_utc_created() {
        String header = Wsse.header("acme001", "s3cret", new byte[]{(byte) 0xAB, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15},
                Instant.parse("2026-11-23T10:15:30.123456Z"));
        Matcher m = Pattern.compile("UsernameToken Username=\"acme001\", PasswordDigest=\"([^\"]+)\", Nonce=\"([0-9a-f]{32})\", Created=\"([^\"]+)\"")
                .matcher(header);
        assertThat(m.matches()).as(header).isTrue();
        assertThat(m.group(2)).isEqualTo("ab0102030405060708090a0b0c0d0e0f");
        assertThat(m.group(3)).isEqualTo("2026-11-23T10:15:30.123Z");
        assertThat(m.group(1)).isEqualTo(Wsse.digest(m.group(2), m.group(3), "s3cret"));
    }

    @Test
    void every_request_gets_a_fresh_nonce_and_the_current_created() {
        ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:00Z"));
        WsseAuthenticator auth = new WsseAuthenticator("u", "s", clock, new SplittableRandom(7));
        String first = auth.header();
        clock.advance(java.time.Duration.ofSeconds(1));
        String second = auth.header();
        assertThat(nonce(first)).isNotEqualTo(nonce(second));
        assertThat(second).contains("Created=\"2026-11-23T10:00:01.000Z\"");
    }

    private static String nonce(String header) {
        Matcher m = Pattern.compile("Nonce=\"([^\"]+)\"").matcher(header);
        assertThat(m.find()).isTrue();
        return m.group(1);
    }
}
