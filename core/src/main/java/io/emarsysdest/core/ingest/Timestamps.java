package io.emarsysdest.core.ingest;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;

/**
 * Lenient ISO 8601 parsing for client timestamps: any offset form ({@code Z}, {@code +01:00}, {@code +0100}); no
 * offset means UTC. Every event carries four timestamps, so the usual form
 * ({@code 2026-11-22T18:34:32.503Z}, or with {@code ±HH:MM}) is read and written by hand; java.time's formatters,
 * several times slower, handle everything else.
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
        Instant fast = parseUsual(text);
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

    /** {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}](Z|±HH:MM)}, or null for anything else (then the slow path decides). */
    static Instant parseUsual(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') return null;
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if (year < 0 || month < 0 || day < 0 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return null;
        int i = 19;
        int nanos = 0;
        if (s.charAt(i) == '.') {
            int start = ++i;
            while (i < n && i - start < 9 && isDigit(s.charAt(i))) nanos = nanos * 10 + (s.charAt(i++) - '0');
            if (i == start || (i < n && isDigit(s.charAt(i)))) return null;
            for (int k = i - start; k < 9; k++) nanos *= 10;
        }
        if (i >= n) return null;
        int offsetSeconds;
        char sign = s.charAt(i);
        if (sign == 'Z' && i == n - 1) {
            offsetSeconds = 0;
        } else if ((sign == '+' || sign == '-') && i == n - 6 && s.charAt(i + 3) == ':') {
            int oh = digits(s, i + 1, 2), om = digits(s, i + 4, 2);
            if (oh < 0 || oh > 18 || om < 0 || om > 59) return null;
            offsetSeconds = (sign == '-' ? -1 : 1) * (oh * 3600 + om * 60);
        } else {
            return null;
        }
        long epochDay;
        try {
            epochDay = LocalDate.of(year, month, day).toEpochDay();
        } catch (DateTimeException e) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3600L + minute * 60L + second - offsetSeconds, nanos);
    }

    /** The same text as {@link Instant#toString()}. */
    static String format(Instant t) {
        long seconds = t.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        LocalDate date = LocalDate.ofEpochDay(day);
        if (date.getYear() < 0 || date.getYear() > 9999) return t.toString();
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        StringBuilder b = new StringBuilder(30);
        pad(b, date.getYear(), 4).append('-');
        pad(b, date.getMonthValue(), 2).append('-');
        pad(b, date.getDayOfMonth(), 2).append('T');
        pad(b, secondOfDay / 3600, 2).append(':');
        pad(b, secondOfDay / 60 % 60, 2).append(':');
        pad(b, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos > 0) {
            b.append('.');
            if (nanos % 1_000_000 == 0) pad(b, nanos / 1_000_000, 3);
            else if (nanos % 1_000 == 0) pad(b, nanos / 1_000, 6);
            else pad(b, nanos, 9);
        }
        return b.append('Z').toString();
    }

    private static StringBuilder pad(StringBuilder b, int value, int width) {
        String v = Integer.toString(value);
        for (int k = v.length(); k < width; k++) b.append('0');
        return b.append(v);
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) return -1;
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
