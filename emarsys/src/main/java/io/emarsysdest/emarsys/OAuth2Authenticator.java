package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Base64;

/**
 * OAuth 2.0 client credentials (v3): {@code POST tokenUrl} with {@code Authorization: Basic base64(id:secret)} and
 * {@code grant_type=client_credentials}. The token is cached and refreshed {@link #REFRESH_MARGIN} before it
 * expires ({@code expires_in}, 3600 s when absent); after a 401 it is dropped so the retry fetches a new one.
 */
public final class OAuth2Authenticator implements Authenticator {
    public static final Duration REFRESH_MARGIN = Duration.ofSeconds(60);
    static final long DEFAULT_EXPIRES_IN = 3600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http;
    private final URI tokenUrl;
    private final String basic;
    private final InstantSource clock;
    private final Duration timeout;
    private String token;
    private Instant refreshAt = Instant.MIN;
    private long fetches;

    public OAuth2Authenticator(HttpClient http, String tokenUrl, String clientId, String clientSecret,
                               InstantSource clock, Duration timeout) {
        this.http = http;
        this.tokenUrl = URI.create(tokenUrl);
        this.basic = "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.timeout = timeout;
    }

    @Override
    public void authenticate(HttpRequest.Builder request) throws IOException, InterruptedException {
        request.setHeader("Authorization", "Bearer " + token());
    }

    /** The cached token, fetched anew when missing or within the refresh margin of its expiry. */
    public synchronized String token() throws IOException, InterruptedException {
        if (token == null || !clock.instant().isBefore(refreshAt)) fetch();
        return token;
    }

    @Override
    public synchronized boolean onUnauthorized() {
        token = null;
        return true;
    }

    /** How many tokens were fetched so far (for tests and diagnostics). */
    public synchronized long fetches() {
        return fetches;
    }

    private void fetch() throws IOException, InterruptedException {
        Instant requestedAt = clock.instant();
        HttpRequest request = HttpRequest.newBuilder(tokenUrl).timeout(timeout)
                .header("Authorization", basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials")).build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() / 100 != 2) {
            throw new OAuthTokenException(response.statusCode(), "token endpoint " + tokenUrl + " answered "
                    + response.statusCode() + ": " + new String(response.body(), StandardCharsets.UTF_8));
        }
        JsonNode body;
        try {
            body = JSON.readTree(response.body());
        } catch (IOException e) {
            throw new OAuthTokenException(response.statusCode(), "token endpoint reply is not JSON");
        }
        String accessToken = body.path("access_token").asText(null);
        if (accessToken == null || accessToken.isBlank()) {
            throw new OAuthTokenException(response.statusCode(), "token endpoint reply has no access_token");
        }
        long expiresIn = body.path("expires_in").asLong(DEFAULT_EXPIRES_IN); // also parses "3600"
        if (expiresIn <= 0) expiresIn = DEFAULT_EXPIRES_IN;
        Duration margin = Duration.ofSeconds(Math.min(REFRESH_MARGIN.toSeconds(), expiresIn / 2));
        token = accessToken;
        refreshAt = requestedAt.plusSeconds(expiresIn).minus(margin);
        fetches++;
    }
}
