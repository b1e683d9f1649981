package io.emarsysdest.core.ingest;

import io.emarsysdest.core.event.IsoInstant;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Lenient ISO 8601 parsing for client timestamps: any offset form ({@code Z}, {@code +01:00}, {@code +0100}); no
 * offset means UTC. Every event carries four timestamps, so the usual UTC form ({@code 2026-11-22T18:34:32.503Z}) is
 * read by hand ({@link IsoInstant}); java.time's formatters, several times slower, handle everything else.
 */
final class Timestamps {
    private static final DateTimeFormatter COMPACT_OFFSET = new DateTimeFormatterBuilder()
            .append(DateTimeFormatter.ISO_LOCAL_DATE_TIME)
            .appendOffset("+HHMM", "Z")
            .toFormatter();

    private Timestamps() {
    }

    /** The instant, or null when the text is not an ISO 8601 date-time. */
    static Instant parse(String text) {
        Instant fast = IsoInstant.fast(text);
        if (fast != null) return fast;
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException ignored) {
            // fall through to the rarer forms
        }
        try {
            return OffsetDateTime.parse(text, COMPACT_OFFSET).toInstant();
        } catch (DateTimeParseException ignored) {
            // fall through
        }
        try {
            return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
