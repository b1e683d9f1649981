package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.net.http.HttpHeaders;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class RepliesTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void errors_as_object_of_code_maps_become_one_item_error_per_code() throws Exception {
        var errors = Replies.errors(JSON.readTree("{\"b@x.io\":{\"2008\":\"No contact found\"},\"c@x.io\":{\"2007\":\"bad\"}}"));
        assertThat(errors).containsExactly(new ItemError("b@x.io", 2008, "No contact found"), new ItemError("c@x.io", 2007, "bad"));
    }

    @Test
    void empty_errors_as_array_or_object_are_no_errors() throws Exception {
        assertThat(Replies.errors(JSON.readTree("[]"))).isEmpty();
        assertThat(Replies.errors(JSON.readTree("{}"))).isEmpty();
        assertThat(Replies.errors(JSON.readTree("\"\""))).isEmpty();
    }

    @Test
    void getdata_errors_come_as_an_array_of_key_code_message() throws Exception {
        var errors = Replies.errors(JSON.readTree("[{\"key\":\"a@x.io\",\"errorCode\":\"2008\",\"errorMsg\":\"No contact\"}]"));
        assertThat(errors).containsExactly(new ItemError("a@x.io", 2008, "No contact"));
    }

    @Test
    void numbers_may_be_strings_and_ids_may_mix_types_and_nest() throws Exception {
        assertThat(Replies.integer(JSON.readTree("\"2\""))).isEqualTo(2);
        assertThat(Replies.integer(JSON.readTree("2"))).isEqualTo(2);
        assertThat(Replies.integer(JSON.readTree("false"))).isNull();
        assertThat(Replies.strings(JSON.readTree("[\"11\", 12, [\"13\", \"14\"]]"))).containsExactly("11", "12", "13", "14");
    }

    @Test
    void rate_limit_headers_are_read_whatever_their_case() {
        HttpHeaders headers = HttpHeaders.of(Map.of("x-ratelimit-limit", List.of("1000"), "X-Ratelimit-Remaining", List.of("0"),
                "X-RATELIMIT-RESET", List.of("1795427000")), (a, b) -> true);
        RateLimitInfo info = RateLimitInfo.of(headers, Instant.EPOCH);
        assertThat(info).isEqualTo(new RateLimitInfo(1000, 0, Instant.ofEpochSecond(1795427000)));
    }

    @Test
    void a_missing_or_garbled_reset_header_is_null() {
        HttpHeaders headers = HttpHeaders.of(Map.of("X-RateLimit-Reset", List.of("soon")), (a, b) -> true);
        assertThat(RateLimitInfo.of(headers, Instant.EPOCH).reset()).isNull();
        assertThat(RateLimitInfo.of(HttpHeaders.of(Map.of(), (a, b) -> true), Instant.EPOCH)).isEqualTo(RateLimitInfo.NONE);
    }
}
