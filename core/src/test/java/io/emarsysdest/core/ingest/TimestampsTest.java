package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.IsoInstant;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

/** Client timestamps: the hand-written fast path and java.time agree on every input. */
class TimestampsTest {

    @Test
    void readsTheUsualFormsLikeJavaTime() {
        SplittableRandom r = new SplittableRandom(7);
        for (int i = 0; i < 20_000; i++) {
            Instant t = Instant.ofEpochSecond(r.nextLong(-2_000_000_000L, 8_000_000_000L), r.nextInt(4) == 0 ? 0 : r.nextInt(1_000_000_000));
            ZoneOffset offset = ZoneOffset.ofTotalSeconds(r.nextInt(-18 * 4, 18 * 4 + 1) * 900);
            for (String text : new String[]{t.toString(), OffsetDateTime.ofInstant(t, offset).toString()}) {
                assertThat(Timestamps.parse(text)).as(text).isEqualTo(OffsetDateTime.parse(text).toInstant());
            }
        }
    }

    @Test
    void leavesOtherFormsToTheLenientPathAndRefusesNonsense() {
        assertThat(IsoInstant.fast("2026-11-22T18:34:32+0100")).isNull();
        assertThat(Timestamps.parse("2026-11-22T18:34:32+0100")).isEqualTo(Instant.parse("2026-11-22T17:34:32Z"));
        assertThat(Timestamps.parse("2026-11-22T18:34:32")).isEqualTo(Instant.parse("2026-11-22T18:34:32Z"));
        assertThat(IsoInstant.fast("2026-02-30T10:00:00Z")).isNull();
        assertThat(IsoInstant.fast("2026-11-22T24:00:00Z")).isNull(); // java.time decides about hour 24
        assertThat(IsoInstant.fast("2026-11-22T18:34:32.Z")).isNull(); // java.time accepts it: the slow path decides
        assertThat(Timestamps.parse("2026-11-22T18:34:32.1234567890Z")).isNull();
        assertThat(Timestamps.parse("yesterday")).isNull();
        assertThat(Timestamps.parse("2026-11-22T18:34:32.5-05:30")).isEqualTo(Instant.parse("2026-11-23T00:04:32.500Z"));
    }
}
