package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * Client times are accepted from 1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z. An item with a time outside
 * (or a correction that lands outside) is rejected with its reason; the other items of the batch are accepted.
 */
class IngestTimeRangeTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-22T18:34:33Z");
    private final IngestParser parser = new IngestParser(IngestLimits.SEGMENT, () -> "gen");

    private ParsedRequest batch(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), Endpoint.BATCH, RECEIVED);
    }

    private static final String GOOD = "{\"type\":\"track\",\"messageId\":\"good\",\"userId\":\"u\",\"event\":\"E\"}";

    private static String item(String field, String value) {
        return "{\"type\":\"track\",\"messageId\":\"bad\",\"userId\":\"u\",\"event\":\"E\",\"" + field + "\":\"" + value + "\"}";
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "-0001-01-01T00:00:00Z",
            "1899-12-31T23:59:59.999999999Z", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:59-00:01", "1900-01-01T00:00:00+00:01"})
    void anItemTimeOutsideTheRangeRejectsThatItemOnly(String extreme) {
        for (String field : List.of("timestamp", "originalTimestamp", "sentAt")) {
            ParsedRequest r = batch("{\"batch\":[" + GOOD + "," + item(field, extreme) + "]}");
            assertThat(r.isBadRequest()).as(field + " " + extreme).isFalse();
            assertThat(r.accepted()).extracting(Event::messageId).containsExactly("good");
            assertThat(r.rejected()).singleElement().satisfies(rej -> {
                assertThat(rej.index()).isEqualTo(1);
                assertThat(rej.problems()).extracting(Problem::path, Problem::code).containsExactly(tuple("batch[1]." + field, "timestamp_out_of_range"));
                assertThat(rej.problems().get(0).message()).contains(extreme, Timestamps.RANGE);
            });
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z", "yesterday"})
    void aBadBatchSentAtRejectsTheItemsThatUseItAndNoOthers(String extreme) {
        ParsedRequest r = batch("{\"sentAt\":\"" + extreme + "\",\"batch\":[" + GOOD + ","
                + "{\"type\":\"track\",\"messageId\":\"own\",\"userId\":\"u\",\"event\":\"E\",\"sentAt\":\"2026-11-22T18:34:32Z\"}]}");
        assertThat(r.isBadRequest()).isFalse();
        assertThat(r.accepted()).extracting(Event::messageId).containsExactly("own");
        assertThat(r.rejected()).singleElement().satisfies(rej -> {
            assertThat(rej.index()).isZero();
            assertThat(rej.problems()).singleElement().satisfies(p -> {
                assertThat(p.path()).isEqualTo("sentAt");
                assertThat(p.code()).isIn("timestamp_out_of_range", "invalid_timestamp");
                assertThat(p.message()).startsWith("the batch's sentAt").contains("no sentAt of its own");
            });
        });

        ParsedRequest allUseIt = batch("{\"sentAt\":\"" + extreme + "\",\"batch\":[" + GOOD + "]}");
        assertThat(allUseIt.isBadRequest()).isTrue();
        assertThat(allUseIt.allProblems()).extracting(Problem::path).containsExactly("sentAt");
    }

    @Test
    void theEdgesOfTheRangeAreAcceptedAndKeptAsSent() {
        ParsedRequest r = batch("{\"batch\":["
                + item("originalTimestamp", "1900-01-01T00:00:00Z").replace("bad", "earliest") + ","
                + item("originalTimestamp", "9999-12-31T23:59:59.999999999Z").replace("bad", "latest") + ","
                + item("sentAt", "9999-12-31T23:59:59.999999999Z").replace("}", ",\"timestamp\":\"9999-12-31T23:59:59Z\"}").replace("bad", "sent-late") + "]}");
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).extracting(Event::messageId).containsExactly("earliest", "latest", "sent-late");
        assertThat(r.accepted().get(0).timestamp()).isEqualTo(Instant.parse("1900-01-01T00:00:00Z"));
        assertThat(r.accepted().get(1).originalTimestamp()).isEqualTo(Instant.parse("9999-12-31T23:59:59.999999999Z"));
        // an event cannot have happened after it arrived
        assertThat(r.accepted().get(1).timestamp()).isEqualTo(RECEIVED);
        assertThat(r.accepted().get(2).timestamp()).isEqualTo(RECEIVED.minusNanos(999_999_999));
    }

    @Test
    void aCorrectionThatReachesBeforeTheRangeRejectsTheItem() {
        ParsedRequest r = batch("{\"batch\":[" + GOOD + ","
                + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\",\"originalTimestamp\":\"1900-01-01T00:00:00Z\",\"sentAt\":\"9999-12-31T23:59:59Z\"}]}");
        assertThat(r.accepted()).extracting(Event::messageId).containsExactly("good");
        assertThat(r.rejected()).singleElement().satisfies(rej -> assertThat(rej.problems())
                .extracting(Problem::path, Problem::code).containsExactly(tuple("batch[1].timestamp", "timestamp_out_of_range")));
    }

    @Test
    void aReceivedAtFromTheClientIsReplacedWhateverItSays() {
        ParsedRequest r = batch("{\"batch\":[" + item("receivedAt", "-999999999-01-01T00:00:00Z") + "," + item("receivedAt", "not a time").replace("bad", "bad2") + "]}");
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted()).allSatisfy(e -> {
            assertThat(e.receivedAt()).isEqualTo(RECEIVED);
            assertThat(e.body().path("receivedAt").asText()).isEqualTo("2026-11-22T18:34:33Z");
        });
    }

    @ParameterizedTest
    @ValueSource(strings = {"2026-02-30T10:00:00Z", "2026-02-29T10:00:00Z", "2026-02-30T10:00:00+0100", "2026-02-30T10:00:00+01:00",
            "2026-02-30T10:00:00", "2026-04-31T10:00:00.5Z", "2026-13-01T10:00:00Z", "2026-01-01T25:00:00Z", "2026-02-30"})
    void aDayThatDoesNotExistIsNotATimestamp(String impossible) {
        ParsedRequest r = batch("{\"batch\":[" + GOOD + "," + item("timestamp", impossible) + "]}");
        assertThat(r.accepted()).extracting(Event::messageId).containsExactly("good");
        assertThat(r.rejected()).singleElement().satisfies(rej -> assertThat(rej.problems())
                .extracting(Problem::path, Problem::code).containsExactly(tuple("batch[1].timestamp", "invalid_timestamp")));
    }
}
