package io.emarsysdest.server.ingest;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Checks the write key the way Segment clients send it: HTTP Basic with the key as user name and an empty password
 * (also the legacy form without the colon), or {@code writeKey} in the body (analytics-java sends only that).
 */
public final class Authenticator {
    private final byte[] key;

    public Authenticator(String apiKey) {
        this.key = apiKey.getBytes(StandardCharsets.UTF_8);
    }

    /** The key in an {@code Authorization: Basic …} header, or null when there is none or it is not Basic. */
    public static String basicKey(String authorization) {
        if (authorization == null || authorization.length() < 6 || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon < 0 ? decoded : decoded.substring(0, colon);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Constant-time comparison, so response timing does not reveal the key. */
    public boolean matches(String candidate) {
        return candidate != null && MessageDigest.isEqual(key, candidate.getBytes(StandardCharsets.UTF_8));
    }

    public boolean anyMatches(List<String> candidates) {
        boolean ok = false;
        for (String c : candidates) ok |= matches(c);
        return ok;
    }
}
