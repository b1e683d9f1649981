package io.emarsysdest.core.ingest;

/**
 * Strict UTF-8 (Unicode 15, table 3-7, "well-formed byte sequences"). Jackson decodes some ill-formed sequences
 * instead of refusing them (overlong {@code C0 AF} becomes {@code /}, {@code C0 80} becomes NUL, encoded surrogates
 * and code points above U+10FFFF pass), so a request body is checked here before it is parsed.
 */
public final class Utf8Validator {
    private Utf8Validator() {
    }

    /** The offset of the first byte that is not part of a well-formed UTF-8 sequence, or -1 when all are. */
    public static int firstInvalidByte(byte[] b) {
        int i = 0, n = b.length;
        while (i < n) {
            int c = b[i];
            if (c >= 0) { // ASCII, by far the most common
                i++;
                continue;
            }
            c &= 0xFF;
            int len, lo = 0x80, hi = 0xBF; // the allowed range of the second byte
            if (c >= 0xC2 && c <= 0xDF) {
                len = 2;
            } else if (c >= 0xE0 && c <= 0xEF) {
                len = 3;
                if (c == 0xE0) lo = 0xA0;       // no overlong 3-byte forms
                else if (c == 0xED) hi = 0x9F;  // no encoded surrogates U+D800..U+DFFF
            } else if (c >= 0xF0 && c <= 0xF4) {
                len = 4;
                if (c == 0xF0) lo = 0x90;       // no overlong 4-byte forms
                else if (c == 0xF4) hi = 0x8F;  // nothing above U+10FFFF
            } else {
                return i; // a continuation byte without a lead, C0/C1 (overlong) or F5..FF
            }
            if (i + 1 >= n) return i;
            int second = b[i + 1] & 0xFF;
            if (second < lo || second > hi) return i;
            for (int k = 2; k < len; k++) {
                if (i + k >= n || (b[i + k] & 0xC0) != 0x80) return i;
            }
            i += len;
        }
        return -1;
    }
}
