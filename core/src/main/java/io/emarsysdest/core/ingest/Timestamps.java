package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.IsoInstant;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;

/**
 * Lenient ISO 8601 parsing for client timestamps: any offset form ({@code Z}, {@code +01:00}, {@code +0100}); no
 * offset means UTC. Every event carries four timestamps, so the usual UTC form ({@code 2026-11-22T18:34:32.503Z}) is
 * read by hand ({@link IsoInstant}); java.time's formatters, several times slower, handle everything else. Every form
 * is strict: a day the month does not have ({@code 2026-02-30}) is not a date.
 *
 * <p>Accepted client times lie between {@link #EARLIEST} and {@link #LATEST}: four-digit years from 1900, which every
 * later step can store and compute with (epoch milliseconds, SQL, JavaScript, Emarsys). Far outside it the event log
 * once failed with "long overflow" and answered the whole request 500.
 */
final class Timestamps {
    private static final DateTimeFormatter COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHMM", "Z")
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT);
    static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");
    static final String RANGE = "1900-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z";

    private Timestamps() {
    }

    static boolean inRange(Instant t) {
        return !t.isBefore(EARLIEST) && !t.isAfter(LATEST);
    }

    /** The instant, or null when the text is not an ISO 8601 date-time. */
    static Instant parse(String text) {
        Instant fast = IsoInstant.fast(text);
        if (fast != null) return fast;
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeException ignored) {
            // fall through to the rarer forms
        }
        try {
            return OffsetDateTime.parse(text, COMPACT_OFFSET).toInstant();
        } catch (DateTimeException ignored) {
            // fall through
        }
        try {
            return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            return null;
        }
    }
}
