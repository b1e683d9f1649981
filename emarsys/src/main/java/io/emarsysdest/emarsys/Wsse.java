package io.emarsysdest.emarsys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Base64;
import java.util.HexFormat;

/**
 * The Emarsys v2 WSSE recipe. Emarsys Base64-encodes the lowercase HEX TEXT of the SHA-1, not the raw 20 bytes
 * (generic WS-Security libraries do the latter and are rejected).
 */
public final class Wsse {
    /** Millisecond ISO form in UTC, as public clients send in production. */
    public static final DateTimeFormatter CREATED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

    private Wsse() {
    }

    /** Base64(hex(SHA-1(nonce + created + secret))), 56 characters ending in "==". */
    public static String digest(String nonce, String created, String secret) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            byte[] hash = sha1.digest((nonce + created + secret).getBytes(StandardCharsets.UTF_8));
            String hex = HexFormat.of().formatHex(hash);
            return Base64.getEncoder().encodeToString(hex.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JDK", e);
        }
    }

    /** The value of the {@code X-WSSE} header. */
    public static String header(String user, String secret, String nonce, String created) {
        return "UsernameToken Username=\"" + user + "\", PasswordDigest=\"" + digest(nonce, created, secret)
                + "\", Nonce=\"" + nonce + "\", Created=\"" + created + "\"";
    }

    /** A header for this instant with a nonce made of 16 random bytes as 32 lowercase hex characters. */
    public static String header(String user, String secret, byte[] nonceBytes, Instant now) {
        return header(user, secret, HexFormat.of().formatHex(nonceBytes), CREATED.format(now));
    }
}
