package io.emarsysdest.store.eventlog;

/**
 * 64-bit hashes of message ids and identifiers for the log's indexes. Not cryptographic: every index hit is checked
 * against the stored event, so a collision costs one extra read and never a wrong answer.
 */
final class IdHash {
    private static final char USER = 'u';
    private static final char ANONYMOUS = 'a';

    private IdHash() {
    }

    static long messageId(String messageId) {
        return of('m', messageId);
    }

    static long userId(String userId) {
        return of(USER, userId);
    }

    static long anonymousId(String anonymousId) {
        return of(ANONYMOUS, anonymousId);
    }

    /** FNV-1a over the chars, then a SplitMix64 finaliser so that every output bit depends on every input char. */
    private static long of(char kind, String value) {
        long h = 0xcbf29ce484222325L;
        h = (h ^ kind) * 0x100000001b3L;
        for (int i = 0; i < value.length(); i++) h = (h ^ value.charAt(i)) * 0x100000001b3L;
        h = (h ^ (h >>> 30)) * 0xbf58476d1ce4e5b9L;
        h = (h ^ (h >>> 27)) * 0x94d049bb133111ebL;
        return h ^ (h >>> 31);
    }
}
