package io.emarsysdest.sandbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks credentials the way Emarsys does: WSSE for v2 (digest recipe, 5-minute skew) and bearer tokens for v3,
 * issued by a client-credentials token endpoint. Written independently of the client's implementation so the
 * two check each other.
 */
final class SandboxAuth {
    private static final Pattern PAIR = Pattern.compile("(\\w+)=\"([^\"]*)\"");
    private static final Pattern COMPACT_OFFSET = Pattern.compile("([+-]\\d{2})(\\d{2})$");

    private record Token(String clientId, Instant expiresAt) {
    }

    private final SandboxOptions options;
    private final Map<String, Token> tokens = new HashMap<>();
    private final SecureRandom random = new SecureRandom();

    SandboxAuth(SandboxOptions options) {
        this.options = options;
    }

    /** The API user when the header is valid at {@code now}, else null. */
    String verifyWsse(String header, Instant now) {
        if (header == null || !header.trim().startsWith("UsernameToken")) return null;
        Map<String, String> values = new HashMap<>();
        Matcher m = PAIR.matcher(header);
        while (m.find()) values.put(m.group(1), m.group(2));
        String user = values.get("Username");
        String digest = values.get("PasswordDigest");
        String nonce = values.get("Nonce");
        String created = values.get("Created");
        if (user == null || digest == null || nonce == null || created == null) return null;
        String secret = options.wsseUsers().get(user);
        if (secret == null) return null;
        Instant createdAt = parseCreated(created);
        if (createdAt == null || Duration.between(createdAt, now).abs().compareTo(options.allowedSkew()) > 0) return null;
        return MessageDigest.isEqual(expectedDigest(nonce, created, secret).getBytes(StandardCharsets.US_ASCII),
                digest.getBytes(StandardCharsets.US_ASCII)) ? user : null;
    }

    static String expectedDigest(String nonce, String created, String secret) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((nonce + created + secret).getBytes(StandardCharsets.UTF_8));
            return Base64.getEncoder().encodeToString(HexFormat.of().formatHex(sha1).getBytes(StandardCharsets.US_ASCII));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Zone forms Emarsys accepts: Z, +00:00, +0000; with or without fractions. */
    static Instant parseCreated(String created) {
        try {
            String normalised = COMPACT_OFFSET.matcher(created.trim()).replaceFirst("$1:$2");
            return OffsetDateTime.parse(normalised).toInstant();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** The client id for a valid, unexpired {@code Authorization: Bearer} header, else null. */
    synchronized String verifyBearer(String authorization, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) return null;
        Token t = tokens.get(authorization.substring(7).trim());
        if (t == null || !now.isBefore(t.expiresAt())) return null;
        return t.clientId();
    }

    /** Issues a token for {@code Authorization: Basic base64(id:secret)}; null when the client is unknown. */
    synchronized String issue(String authorization, Instant now) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) return null;
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) return null;
        String id = decoded.substring(0, colon);
        String secret = options.oauthClients().get(id);
        if (secret == null || !secret.equals(decoded.substring(colon + 1))) return null;
        byte[] raw = new byte[24];
        random.nextBytes(raw);
        String token = "sbx." + Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        tokens.values().removeIf(t -> !now.isBefore(t.expiresAt()));
        tokens.put(token, new Token(id, now.plus(options.tokenLifetime())));
        return token;
    }

    /** Invalidates every issued token (simulates a server-side revocation: the next call gets 401). */
    synchronized void revokeAll() {
        tokens.clear();
    }
}
