package io.emarsysdest.emarsys;

import java.net.http.HttpRequest;
import java.time.InstantSource;
import java.util.random.RandomGenerator;

/** WSSE (v2): a fresh {@code X-WSSE} header per request, new nonce and {@code Created} each time. */
public final class WsseAuthenticator implements Authenticator {
    private final String user;
    private final String secret;
    private final InstantSource clock;
    private final RandomGenerator random;

    /** @param random nonce source; use a SecureRandom in production, a seeded generator in tests */
    public WsseAuthenticator(String user, String secret, InstantSource clock, RandomGenerator random) {
        this.user = user;
        this.secret = secret;
        this.clock = clock;
        this.random = random;
    }

    public String header() {
        byte[] nonce = new byte[16];
        synchronized (random) { // SecureRandom is thread-safe, most seeded generators are not
            random.nextBytes(nonce);
        }
        return Wsse.header(user, secret, nonce, clock.instant());
    }

    @Override
    public void authenticate(HttpRequest.Builder request) {
        request.setHeader("X-WSSE", header());
    }

    @Override
    public boolean onUnauthorized() {
        return false;
    }
}
