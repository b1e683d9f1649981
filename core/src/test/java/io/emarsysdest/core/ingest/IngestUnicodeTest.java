package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/**
 * The Unicode rule of ingest: the body must be well-formed UTF-8 (else the request is refused, naming the byte
 * offset), every string must be valid Unicode (an item with an unpaired surrogate is refused, naming the field), and
 * identifiers cannot hold U+0000.
 */
class IngestUnicodeTest {
    private static final Instant RECEIVED = Instant.parse("2026-11-22T18:34:33Z");
    private final IngestParser parser = new IngestParser(IngestLimits.SEGMENT, () -> "gen");

    private ParsedRequest batch(String json) {
        return parser.parse(json.getBytes(StandardCharsets.UTF_8), Endpoint.BATCH, RECEIVED);
    }

    /** A batch whose event name contains the given raw bytes. */
    private static byte[] withRawBytes(int... bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x".getBytes(StandardCharsets.UTF_8));
        for (int b : bytes) out.write(b);
        out.writeBytes("\"}]}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static final int PREFIX = "{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"x".length();

    @Test
    void illFormedUtf8IsRefusedNamingTheByteOffset() {
        int[][] illFormed = {
                {0xC0, 0xAF},             // overlong "/"
                {0xC0, 0x80},             // overlong NUL
                {0xE0, 0x80, 0xAF},       // overlong 3-byte "/"
                {0xF0, 0x80, 0x80, 0xAF}, // overlong 4-byte "/"
                {0xED, 0xA0, 0x80},       // encoded surrogate U+D800
                {0xED, 0xBF, 0xBF},       // encoded surrogate U+DFFF
                {0xF4, 0x90, 0x80, 0x80}, // U+110000
                {0xF5, 0x80, 0x80, 0x80}, // beyond any plane
                {0x80},                   // a continuation without a lead
                {0xC3},                   // a lead cut short by the closing quote
                {0xE2, 0x82},             // a 3-byte sequence cut short
                {0xFF}};
        for (int[] bytes : illFormed) {
            ParsedRequest r = parser.parse(withRawBytes(bytes), Endpoint.BATCH, RECEIVED);
            assertThat(r.isBadRequest()).isTrue();
            assertThat(r.requestProblems()).as(java.util.Arrays.toString(bytes)).singleElement().satisfies(p -> {
                assertThat(p.code()).isEqualTo("invalid_utf8");
                assertThat(p.message()).contains("offset " + PREFIX, String.format("0x%02X", bytes[0]));
            });
        }
    }

    @Test
    void wellFormedUtf8OfEveryLengthIsAccepted() {
        String text = "é € 😀 \uFFFD \uD83D\uDE00 \u0800 \uD7FF \uE000 \uDBFF\uDFFF";
        ParsedRequest r = batch("{\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"" + text + "\"}]}");
        assertThat(r.rejected()).isEmpty();
        assertThat(r.accepted().get(0).name()).isEqualTo(text);
        assertThat(Utf8Validator.firstInvalidByte(text.getBytes(StandardCharsets.UTF_8))).isEqualTo(-1);
    }

    @Test
    void anUnpairedSurrogateRejectsItsItemNamingTheField() {
        ParsedRequest r = batch("""
                {"batch":[{"type":"track","messageId":"ok","userId":"u","event":"E","properties":{"emoji":"\\ud83d\\ude00"}},
                          {"type":"track","messageId":"victim-7\\ud800","userId":"u","event":"E"},
                          {"type":"track","messageId":"m3","userId":"u","event":"E","properties":{"items":[{"sku":"\\udc00x"}]}},
                          {"type":"identify","messageId":"m4","userId":"u","traits":{"na\\ud800me":"Jane"}},
                          {"type":"track","messageId":"m5","userId":"u","event":"E\\ud83d"}]}""");
        assertThat(r.accepted()).extracting(Event::messageId).containsExactly("ok");
        assertThat(r.rejected()).extracting(rej -> rej.problems().get(0).path(), Rejection::reason).containsExactly(
                tuple("batch[1].messageId", "invalid_unicode"),
                tuple("batch[2].properties.items[0].sku", "invalid_unicode"),
                tuple("batch[3].traits.na\\ud800me", "invalid_unicode"),
                tuple("batch[4].event", "invalid_unicode"));
        assertThat(r.rejected().get(0).problems().get(0).message()).contains("unpaired UTF-16 surrogate \\ud800 at character 8");
        // every path can be written as UTF-8, so the answer itself is valid
        for (Problem p : r.allProblems()) assertThat(UnicodeText.unpairedSurrogate(p.path() + p.message())).isEqualTo(-1);
    }

    @Test
    void anUnpairedSurrogateInTheBatchContextSpoilsEveryItem() {
        ParsedRequest r = batch("{\"context\":{\"library\":{\"name\":\"x\\udfff\"}},\"batch\":[{\"type\":\"track\",\"userId\":\"u\",\"event\":\"E\"}]}");
        assertThat(r.isBadRequest()).isTrue();
        assertThat(r.requestProblems()).extracting(Problem::path, Problem::code).containsExactly(tuple("context.library.name", "invalid_unicode"));
    }

    @Test
    void aSingleCallWithAnUnpairedSurrogateIsRefused() {
        ParsedRequest r = parser.parse("{\"userId\":\"\\ud800\",\"traits\":{}}".getBytes(StandardCharsets.UTF_8), Endpoint.single(EventType.IDENTIFY), RECEIVED);
        assertThat(r.isBadRequest()).isTrue();
        assertThat(r.allProblems()).extracting(Problem::path, Problem::code).containsExactly(tuple("userId", "invalid_unicode"));
    }

    @Test
    void identifiersAndEventNamesCannotHoldNul() {
        ParsedRequest r = batch("""
                {"batch":[{"type":"track","messageId":"m\\u0000","userId":"u","event":"E"},
                          {"type":"track","userId":"u\\u0000","event":"E"},
                          {"type":"track","anonymousId":"a\\u0000","event":"E"},
                          {"type":"track","userId":"u","event":"E\\u0000"},
                          {"type":"alias","userId":"u","previousId":"\\u0000"},
                          {"type":"group","userId":"u","groupId":"g\\u0000"},
                          {"type":"track","userId":"u","event":"E","properties":{"note":"a\\u0000b"}}]}""");
        assertThat(r.rejected()).extracting(rej -> rej.problems().get(0).path(), Rejection::reason).containsExactly(
                tuple("batch[0].messageId", "nul_character"), tuple("batch[1].userId", "nul_character"),
                tuple("batch[2].anonymousId", "nul_character"), tuple("batch[3].event", "nul_character"),
                tuple("batch[4].previousId", "nul_character"), tuple("batch[5].groupId", "nul_character"));
        // elsewhere NUL is valid Unicode, and JSON keeps it escaped
        assertThat(r.accepted()).singleElement().satisfies(e -> assertThat(e.body().path("properties").path("note").textValue()).isEqualTo("a\u0000b"));
    }
}
