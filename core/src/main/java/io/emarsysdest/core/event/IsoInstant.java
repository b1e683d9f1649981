package io.emarsysdest.core.event;

import java.time.Instant;

/**
 * Writes and reads UTC times in the form of {@link Instant#toString()}, by hand. Reads the UTC times the ingest parser writes ({@link Instant#toString()}: {@code 2026-11-23T10:15:30.123Z}) without
 * {@code DateTimeFormatter}, which costs about a microsecond per call and runs three or four times per stored event.
 * Anything else (offsets, years past 9999, leap seconds, malformed text) goes to {@link Instant#parse}, so results
 * and errors are exactly its own.
 */
public final class IsoInstant {
    private static final long DAYS_0000_TO_1970 = 719_528L;

    private IsoInstant() {
    }

    public static Instant parse(CharSequence text) {
        Instant fast = fast(text);
        return fast != null ? fast : Instant.parse(text);
    }

    /** The same text as {@link Instant#toString()}, without a formatter. */
    public static String format(Instant t) {
        long seconds = t.getEpochSecond();
        long day = Math.floorDiv(seconds, 86_400);
        java.time.LocalDate date = java.time.LocalDate.ofEpochDay(day);
        if (date.getYear() < 0 || date.getYear() > 9999) return t.toString();
        int secondOfDay = (int) Math.floorMod(seconds, 86_400);
        char[] b = new char[30];
        int n = digits(b, 0, date.getYear(), 4);
        b[n++] = '-';
        n = digits(b, n, date.getMonthValue(), 2);
        b[n++] = '-';
        n = digits(b, n, date.getDayOfMonth(), 2);
        b[n++] = 'T';
        n = digits(b, n, secondOfDay / 3600, 2);
        b[n++] = ':';
        n = digits(b, n, secondOfDay / 60 % 60, 2);
        b[n++] = ':';
        n = digits(b, n, secondOfDay % 60, 2);
        int nanos = t.getNano();
        if (nanos > 0) {
            b[n++] = '.';
            if (nanos % 1_000_000 == 0) n = digits(b, n, nanos / 1_000_000, 3);
            else if (nanos % 1_000 == 0) n = digits(b, n, nanos / 1_000, 6);
            else n = digits(b, n, nanos, 9);
        }
        b[n++] = 'Z';
        return new String(b, 0, n);
    }

    /** Writes {@code value} (non-negative, at most {@code width} digits) zero-padded into {@code b} at {@code at}. */
    private static int digits(char[] b, int at, int value, int width) {
        for (int k = at + width - 1; k >= at; k--) {
            b[k] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    /** The instant for the common form {@code yyyy-MM-ddTHH:mm:ss[.f{1,9}]Z}, or null for anything else. */
    public static Instant fast(CharSequence s) {
        int n = s.length();
        if (n < 20 || n > 30 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
        int hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
        if ((year | month | day | hour | minute | second) < 0) return null;
        if (month < 1 || month > 12 || day < 1 || day > lengthOfMonth(year, month) || hour > 23 || minute > 59 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n > 20) {
            // a fraction of 1 to 9 digits between the seconds and the Z
            int digits = n - 21;
            if (s.charAt(19) != '.' || digits < 1 || digits > 9) return null;
            int f = digits(s, 20, digits);
            if (f < 0) return null;
            for (int i = digits; i < 9; i++) f *= 10;
            nanos = f;
        } else if (n != 20) {
            return null;
        }
        long seconds = epochDay(year, month, day) * 86_400L + hour * 3_600L + minute * 60L + second;
        return Instant.ofEpochSecond(seconds, nanos);
    }

    private static int digits(CharSequence s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            int d = s.charAt(i) - '0';
            if (d < 0 || d > 9) return -1;
            v = v * 10 + d;
        }
        return v;
    }

    private static boolean isLeap(long year) {
        return (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0);
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> isLeap(year) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    // as LocalDate.toEpochDay, for years 0 to 9999
    private static long epochDay(long y, long m, int day) {
        long total = 365 * y + (y + 3) / 4 - (y + 99) / 100 + (y + 399) / 400;
        total += (367 * m - 362) / 12;
        total += day - 1;
        if (m > 2) {
            total--;
            if (!isLeap(y)) total--;
        }
        return total - DAYS_0000_TO_1970;
    }
}
