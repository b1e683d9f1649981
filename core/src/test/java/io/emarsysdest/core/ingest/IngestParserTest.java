package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class IngestParserTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-22T18:34:33Z");
    private final AtomicInteger ids = new AtomicInteger();
    private final IngestParser parser = new IngestParser(IngestLimits.SEGMENT, () -> "gen-" + ids.incrementAndGet());

    private ParsedRequest batch(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), Endpoint.BATCH, RECEIVED);
    }

    private ParsedRequest single(EventType type, String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), Endpoint.single(type), RECEIVED);
    }

    @Test
    void acceptsTheBatchShapeOfAnalyticsJava() {
        ParsedRequest r = batch("""
                {"batch":[{"type":"identify","messageId":"m1","timestamp":"2026-11-22T18:34:32.503Z","userId":"user-00001",
                           "integrations":{},"traits":{"email":"jane@example.com"}},
                          {"type":"track","messageId":"m2","timestamp":"2026-11-22T18:34:32.510Z","userId":"user-00001",
                           "event":"Order Completed","properties":{"revenue":42.5}}],
                 "sentAt":"2026-11-22T18:34:32.531Z",
                 "context":{"library":{"name":"analytics-java","version":"3.5.4"},"instanceId":"i-1"},
                 "sequence":1,"writeKey":"key-1"}""");

        assertThat(r.isBadRequest()).isFalse();
        assertThat(r.writeKeys()).containsExactly("key-1");
        assertThat(r.accepted()).extracting(Event::messageId).containsExactly("m1", "m2");
        Event track = r.accepted().get(1);
        assertThat(track.type()).isEqualTo(EventType.TRACK);
        assertThat(track.name()).isEqualTo("Order Completed");
        // batch context is merged into each item, and the write key is not stored
        assertThat(track.context().path("library").path("name").asText()).isEqualTo("analytics-java");
        assertThat(track.body().has("writeKey")).isFalse();
        // receivedAt − (sentAt − originalTimestamp) = 18:34:33 − 21 ms
        assertThat(track.timestamp()).isEqualTo(Instant.parse("2026-11-22T18:34:32.979Z"));
        assertThat(track.body().path("receivedAt").asText()).isEqualTo("2026-11-22T18:34:33Z");
        assertThat(track.body().path("originalTimestamp").asText()).isEqualTo("2026-11-22T18:34:32.510Z");
    }

    @Test
    void theItemsOwnContextKeysWinOverTheBatchContext() {
        ParsedRequest r = batch("""
                {"batch":[{"type":"page","anonymousId":"a","context":{"ip":"1.2.3.4","locale":"de"}}],
                 "context":{"locale":"en","timezone":"Europe/Berlin"}}""");
        Event e = r.accepted().get(0);
        assertThat(e.context().path("locale").asText()).isEqualTo("de");
        assertThat(e.context().path("timezone").asText()).isEqualTo("Europe/Berlin");
    }

    @Test
    void aSingleCallTakesItsTypeFromThePathAndGetsAMessageIdWhenItHasNone() {
        ParsedRequest r = single(EventType.TRACK, "{\"userId\":\"u\",\"event\":\"Signed Up\",\"writeKey\":\"k\"}");
        assertThat(r.accepted()).hasSize(1);
        Event e = r.accepted().get(0);
        assertThat(e.type()).isEqualTo(EventType.TRACK);
        assertThat(e.messageId()).isEqualTo("gen-1");
        assertThat(e.timestamp()).isEqualTo(RECEIVED);
        assertThat(r.writeKeys()).containsExactly("k");
    }

    @Test
    void numericIdsAreAcceptedAsText() {
        ParsedRequest r = single(EventType.IDENTIFY, "{\"userId\":42}");
        assertThat(r.accepted().get(0).userId()).isEqualTo("42");
    }

    @Test
    void aMixedBatchAcceptsTheGoodItemsAndNamesEveryProblemOfTheBadOnes() {
        ParsedRequest r = batch("""
                {"batch":[{"type":"track","userId":"u","event":"Ok"},
                          {"type":"track","event":"No ids"},
                          {"userId":"u"},
                          {"type":"shout","userId":"u"},
                          {"type":"track","userId":{"x":1},"event":7,"traits":"nope","timestamp":"yesterday"},
                          "not an object"]}""");
        assertThat(r.isBadRequest()).isFalse();
        assertThat(r.accepted()).hasSize(1);
        assertThat(r.rejected()).extracting(Rejection::index).containsExactly(1, 2, 3, 4, 5);
        assertThat(r.allProblems()).extracting(Problem::path, Problem::code).containsExactly(
                org.assertj.core.groups.Tuple.tuple("batch[1].userId", "no_user_anon_id"),
                org.assertj.core.groups.Tuple.tuple("batch[2].type", "missing_type"),
                org.assertj.core.groups.Tuple.tuple("batch[3].type", "unknown_type"),
                org.assertj.core.groups.Tuple.tuple("batch[4].userId", "wrong_type"),
                org.assertj.core.groups.Tuple.tuple("batch[4].event", "wrong_type"),
                org.assertj.core.groups.Tuple.tuple("batch[4].traits", "wrong_type"),
                org.assertj.core.groups.Tuple.tuple("batch[4].timestamp", "invalid_timestamp"),
                org.assertj.core.groups.Tuple.tuple("batch[5]", "not_an_object"));
    }

    @Test
    void aBatchWithNoGoodItemIsABadRequest() {
        ParsedRequest r = batch("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\"}]}");
        assertThat(r.isBadRequest()).isTrue();
        assertThat(r.allProblems()).extracting(Problem::code).containsExactly("missing_event");
    }

    @Test
    void callTypeSpecificFieldsAreRequired() {
        assertThat(single(EventType.GROUP, "{\"userId\":\"u\"}").allProblems()).extracting(Problem::code).containsExactly("missing_group_id");
        assertThat(single(EventType.ALIAS, "{\"userId\":\"u\"}").allProblems()).extracting(Problem::code).containsExactly("missing_previous_id");
        assertThat(single(EventType.ALIAS, "{\"userId\":\"u\",\"previousId\":\"a\"}").accepted()).hasSize(1);
    }

    @Test
    void malformedJsonIsUnusableAndSaysWhere() {
        ParsedRequest r = batch("{\"batch\":[{\"type\":\"track\",}]}");
        assertThat(r.isBadRequest()).isTrue();
        assertThat(r.requestProblems()).singleElement().satisfies(p -> {
            assertThat(p.code()).isEqualTo("invalid_json");
            assertThat(p.message()).contains("line 1");
        });
    }

    @Test
    void requestShapeProblemsAreUnusable() {
        assertThat(batch("[]").requestProblems()).extracting(Problem::code).containsExactly("not_an_object");
        assertThat(batch("{\"events\":[]}").requestProblems()).extracting(Problem::code).containsExactly("missing_batch");
        assertThat(batch("{\"batch\":[]}").requestProblems()).extracting(Problem::code).containsExactly("empty_batch");
    }

    @Test
    void enforcesTheSizeLimits() {
        IngestParser small = new IngestParser(new IngestLimits(100, 1000, 3, 10), () -> "g");
        String big = "x".repeat(200);
        ParsedRequest r = small.parse(("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + big + "\"},"
                + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\",\"messageId\":\"" + "m".repeat(11) + "\"},"
                + "{\"type\":\"track\",\"userId\":\"u\",\"event\":\"e\"}]}").getBytes(StandardCharsets.UTF_8), Endpoint.BATCH, RECEIVED);
        assertThat(r.allProblems()).extracting(Problem::code).containsExactly("event_too_large", "message_id_too_long");
        assertThat(r.accepted()).hasSize(1);

        byte[] tooBig = ("{\"batch\":[" + "{}".repeat(0) + "], \"pad\":\"" + "p".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);
        assertThat(small.parse(tooBig, Endpoint.BATCH, RECEIVED).requestProblems()).extracting(Problem::code).containsExactly("request_too_large");

        String four = "{\"batch\":[" + String.join(",", java.util.Collections.nCopies(4, "{\"type\":\"page\",\"userId\":\"u\"}")) + "]}";
        assertThat(small.parse(four.getBytes(StandardCharsets.UTF_8), Endpoint.BATCH, RECEIVED).requestProblems())
                .extracting(Problem::code).containsExactly("too_many_events");
    }

    @Test
    void acceptsAnyIso8601Offset() {
        ParsedRequest r = batch("""
                {"batch":[{"type":"page","userId":"u","timestamp":"2026-11-22T19:34:32.503+01:00"},
                          {"type":"page","userId":"u","timestamp":"2026-11-22T19:34:32+0100"},
                          {"type":"page","userId":"u","timestamp":"2026-11-22T18:34:32"}]}""");
        assertThat(r.accepted()).extracting(Event::originalTimestamp).containsExactly(
                Instant.parse("2026-11-22T18:34:32.503Z"), Instant.parse("2026-11-22T18:34:32Z"), Instant.parse("2026-11-22T18:34:32Z"));
    }
}
