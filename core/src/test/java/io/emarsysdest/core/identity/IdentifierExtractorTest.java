package io.emarsysdest.core.identity;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.event.EventType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdentifierExtractorTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");
    private final IdentifierExtractor extractor = new IdentifierExtractor(IdentitySettings.DEFAULTS);

    private static Event event(EventType type, String json) throws Exception {
        ObjectNode body = (ObjectNode) JSON.readTree(json);
        return new Event(3, "m-1", type, body.path("userId").asText(null), body.path("anonymousId").asText(null), T, T, null, T, body);
    }

    @Test
    public void readsUserIdPrimaryKeyAndAnonymousIdStrongestFirst() throws Exception {
        ExtractedEvent e = extractor.extract(event(EventType.IDENTIFY,
                "{\"anonymousId\":\"a\",\"userId\":\" u \",\"traits\":{\"email\":\" Ann@X.io\",\"age\":3}}"));

        assertThat(e.ids()).extracting(EventIdentifier::source)
                .containsExactly(IdSource.USER_ID, IdSource.PRIMARY_KEY, IdSource.ANONYMOUS_ID);
        assertThat(e.from(IdSource.USER_ID).id().norm()).isEqualTo("u");
        assertThat(e.from(IdSource.PRIMARY_KEY).id()).isEqualTo(new Identifier(IdType.PRIMARY_KEY, "ann@x.io", " Ann@X.io"));
        assertThat(e.traits().get("age").asInt()).isEqualTo(3);
        assertThat(e.at()).isEqualTo(T);
        assertThat(e.offset()).isEqualTo(3);
    }

    @Test
    public void thePrimaryKeyFallsBackToContextTraits() throws Exception {
        ExtractedEvent e = extractor.extract(event(EventType.TRACK,
                "{\"anonymousId\":\"a\",\"event\":\"x\",\"context\":{\"traits\":{\"email\":\"c@x.io\",\"plan\":\"p\"}}}"));

        assertThat(e.from(IdSource.PRIMARY_KEY).id().norm()).isEqualTo("c@x.io");
        assertThat(e.traits().get("plan").asText()).isEqualTo("p");
    }

    @Test
    public void aBlockedFirstPathFallsThroughToTheNextOne() throws Exception {
        ExtractedEvent e = extractor.extract(event(EventType.IDENTIFY,
                "{\"userId\":\"u\",\"traits\":{\"email\":\"null\"},\"context\":{\"traits\":{\"email\":\"d@x.io\"}}}"));

        assertThat(e.from(IdSource.PRIMARY_KEY).id().norm()).isEqualTo("d@x.io");
        assertThat(e.blocked()).extracting(DroppedIdentifier::raw).containsExactly("null");
    }

    @Test
    public void configuredPathsAndTextKeysAreCaseSensitive() throws Exception {
        IdentifierExtractor custom = new IdentifierExtractor(
                IdentitySettings.DEFAULTS.withPrimaryKey(List.of("traits.customerNo"), KeyFormat.TEXT));
        ExtractedEvent e = custom.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"customerNo\":\" AB-1 \",\"email\":\"x@y.z\"}}"));

        assertThat(e.from(IdSource.PRIMARY_KEY).id().norm()).isEqualTo("AB-1");
    }

    @Test
    public void anEmailKeyThatIsANumberOrNotAnAddressIsRefusedWithTheReasonAndTheNextPathIsTried() throws Exception {
        ExtractedEvent number = extractor.extract(event(EventType.IDENTIFY,
                "{\"userId\":\"u\",\"traits\":{\"email\":42},\"context\":{\"traits\":{\"email\":\"ok@x.io\"}}}"));
        assertThat(number.from(IdSource.PRIMARY_KEY).id().raw()).isEqualTo("ok@x.io");
        assertThat(number.blocked()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DropReason.INVALID_KEY);
            assertThat(d.raw()).isEqualTo("42");
            assertThat(d.detail()).startsWith("traits.email: ").contains("not a number");
        });

        ExtractedEvent text = extractor.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"email\":\"not an email\"}}"));
        assertThat(text.from(IdSource.PRIMARY_KEY)).isNull();
        assertThat(text.from(IdSource.USER_ID)).isNotNull();
        assertThat(text.blocked()).extracting(DroppedIdentifier::detail).containsExactly("traits.email: not an e-mail address");

        ExtractedEvent bool = extractor.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"email\":true}}"));
        assertThat(bool.blocked()).extracting(DroppedIdentifier::reason).containsExactly(DropReason.INVALID_KEY);
    }

    @Test
    public void placeholderValuesStayBlockedRatherThanRefused() throws Exception {
        ExtractedEvent e = extractor.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"email\":\"undefined\"}}"));
        assertThat(e.blocked()).extracting(DroppedIdentifier::reason).containsExactly(DropReason.BLOCKED);
    }

    @Test
    public void aTextKeyTakesNumbersAndAShortTextKeyRefusesWhatTheFieldCannotHold() throws Exception {
        IdentifierExtractor text = new IdentifierExtractor(IdentitySettings.DEFAULTS
                .withPrimaryKey(List.of("traits.customerId"), KeyFormat.TEXT).withPrimaryKeyRule(KeyFormat.TEXT, 60));
        assertThat(text.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"customerId\":4711}}"))
                .from(IdSource.PRIMARY_KEY).id().raw()).isEqualTo("4711");
        ExtractedEvent tooLong = text.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"customerId\":\"" + "x".repeat(61) + "\"}}"));
        assertThat(tooLong.from(IdSource.PRIMARY_KEY)).isNull();
        assertThat(tooLong.blocked()).extracting(DroppedIdentifier::detail).containsExactly("traits.customerId: longer than the key field's 60 characters");

        IdentifierExtractor number = new IdentifierExtractor(IdentitySettings.DEFAULTS
                .withPrimaryKey(List.of("traits.customerId"), KeyFormat.NUMBER).withPrimaryKeyRule(KeyFormat.NUMBER, 0));
        assertThat(number.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"customerId\":\"0042\"}}"))
                .from(IdSource.PRIMARY_KEY)).isNotNull();
        assertThat(number.extract(event(EventType.IDENTIFY, "{\"userId\":\"u\",\"traits\":{\"customerId\":\"C-1\"}}"))
                .blocked()).extracting(DroppedIdentifier::reason).containsExactly(DropReason.INVALID_KEY);
    }

    @Test
    public void aliasAddsPreviousIdAsTheWeakestIdentifier() throws Exception {
        ExtractedEvent e = extractor.extract(event(EventType.ALIAS, "{\"userId\":\"u\",\"previousId\":\"old\"}"));
        assertThat(e.ids()).extracting(EventIdentifier::source).containsExactly(IdSource.USER_ID, IdSource.PREVIOUS_ID);
        assertThat(e.from(IdSource.PREVIOUS_ID).id().type()).isEqualTo(IdType.ANONYMOUS_ID);
    }

    @Test
    public void groupTraitsGiveNeitherKeyNorPersonTraits() throws Exception {
        ExtractedEvent e = extractor.extract(event(EventType.GROUP,
                "{\"userId\":\"u\",\"groupId\":\"g\",\"traits\":{\"email\":\"acme@x.io\"},\"context\":{\"traits\":{\"email\":\"me@x.io\"}}}"));
        assertThat(e.from(IdSource.PRIMARY_KEY).id().norm()).isEqualTo("me@x.io");
        assertThat(e.traits().has("email")).isTrue();
        assertThat(e.traits().size()).isEqualTo(1);
    }

    @Test
    public void builtInPlaceholdersAreBlockedInAnyCase() {
        BlockedValues blocked = new BlockedValues(List.of());
        assertThat(List.of("", "null", "NULL", "undefined", "Anonymous", "0", "-1")).allMatch(blocked::isBlocked);
        assertThat(List.of("00", "u-1", "nullable", "anonymous-1")).noneMatch(blocked::isBlocked);
        assertThat(new BlockedValues(List.of("^0+$", "(?i)test@test\\.com")).isBlocked("TEST@test.com")).isTrue();
    }
}
