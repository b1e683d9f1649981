package io.emarsysdest.core.event;

import org.junit.jupiter.api.Test;

import java.time.DateTimeException;
import java.time.Instant;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IsoInstantTest {

    @Test
    void readsWhatInstantToStringWritesExactlyAsInstantParseDoes() {
        SplittableRandom random = new SplittableRandom(3);
        long max = Instant.parse("9999-12-31T23:59:59.999999999Z").getEpochSecond();
        long min = Instant.parse("0000-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < 200_000; i++) {
            int precision = random.nextInt(4); // whole seconds, millis, micros, nanos
            int nanos = switch (precision) {
                case 0 -> 0;
                case 1 -> random.nextInt(1000) * 1_000_000;
                case 2 -> random.nextInt(1_000_000) * 1000;
                default -> random.nextInt(1_000_000_000);
            };
            long seconds = i % 2 == 0 ? random.nextLong(min, max) : random.nextLong(0, 4_102_444_800L); // all years, or 1970-2100
            String text = Instant.ofEpochSecond(seconds, nanos).toString();
            assertThat(IsoInstant.fast(text)).as(text).isNotNull().isEqualTo(Instant.parse(text));
        }
    }

    @Test
    void readsFractionsOfAnyLengthFromOneToNineDigits() {
        for (String text : new String[]{"2026-11-23T10:15:30.1Z", "2026-11-23T10:15:30.12Z", "2026-11-23T10:15:30.1234Z",
                "2026-11-23T10:15:30.000000001Z", "2024-02-29T23:59:59.99999Z", "2000-02-29T00:00:00Z", "1970-01-01T00:00:00Z",
                "1969-12-31T23:59:59.999Z"}) {
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(Instant.parse(text));
            assertThat(IsoInstant.fast(text)).as(text).isNotNull();
        }
    }

    @Test
    void leavesOtherFormsToInstantParseWithItsResultOrError() {
        for (String text : new String[]{"2026-11-23T10:15:30+01:00", "2026-11-23T10:15:30.5-02:30", "+10000-01-01T00:00:00Z",
                "2026-12-31T23:59:60Z", "2026-11-23T24:00:00Z", "2026-11-23T10:15:30.Z", "2026-11-23t10:15:30z"}) {
            assertThat(IsoInstant.fast(text)).as(text).isNull();
            assertThat(IsoInstant.parse(text)).as(text).isEqualTo(Instant.parse(text));
        }
        for (String text : new String[]{"", "2026-11-23", "2026-11-23T10:15:30", "2026-13-01T00:00:00Z", "2026-02-29T00:00:00Z",
                "1900-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-23T10:60:00Z",
                "2026-11-23T10:15:30.1234567890Z", "2026-11-23T10:15:3aZ", "2026-11-23 10:15:30Z",
                "2026-1a-23T10:15:30Z", "2026-11-23T10:15:30,5Z", "-026-11-23T10:15:30Z"}) {
            assertThat(IsoInstant.fast(text)).as(text).isNull();
            assertThatThrownBy(() -> IsoInstant.parse(text)).as(text).isInstanceOf(DateTimeException.class);
            assertThatThrownBy(() -> Instant.parse(text)).as(text).isInstanceOf(DateTimeException.class);
        }
    }

    @Test
    void writesExactlyWhatInstantToStringWrites() {
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 20_000; i++) {
            int nanos = switch (r.nextInt(4)) {
                case 0 -> 0;
                case 1 -> r.nextInt(1000) * 1_000_000;
                case 2 -> r.nextInt(1_000_000) * 1_000;
                default -> r.nextInt(1_000_000_000);
            };
            Instant t = Instant.ofEpochSecond(r.nextLong(-62_000_000_000L, 253_000_000_000L), nanos);
            assertThat(IsoInstant.format(t)).isEqualTo(t.toString());
        }
        Instant farFuture = Instant.parse("+12026-01-01T00:00:00Z");
        assertThat(IsoInstant.format(farFuture)).isEqualTo(farFuture.toString());
    }

}
