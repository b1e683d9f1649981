package io.emarsysdest.emarsys;

import io.emarsysdest.core.validation.Problem;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How to reach one Emarsys account (one API user). Immutable; see {@link #DESCRIPTIONS} for each setting.
 * OAuth 2.0 (v3) is used when a client id and secret are set, else WSSE (v2, legacy; sunset end of 2026).
 *
 * @param baseUrl        Core API base ending in "/", e.g. https://api.emarsys.net/api/v2/ (WSSE) or .../api/v3/ (OAuth)
 * @param user           WSSE API user name
 * @param secret         WSSE API secret
 * @param clientId       OAuth 2.0 client id
 * @param clientSecret   OAuth 2.0 client secret
 * @param tokenUrl       OAuth 2.0 token endpoint
 * @param connectTimeout TCP connect timeout
 * @param requestTimeout timeout of one whole request (answer included)
 * @param accountName    the name by which delivery batches address this account
 */
public record EmarsysSettings(String baseUrl, String user, String secret, String clientId, String clientSecret,
                              String tokenUrl, Duration connectTimeout, Duration requestTimeout, String accountName) {

    public static final String DEFAULT_BASE_V2 = "https://api.emarsys.net/api/v2/";
    public static final String DEFAULT_BASE_V3 = "https://api.emarsys.net/api/v3/";
    public static final String DEFAULT_TOKEN_URL = "https://auth.emarsys.net/oauth2/token";
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(30);
    public static final String DEFAULT_ACCOUNT = "default";

    /** Environment variable → what it sets. */
    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("EMARSYS_API_BASE", "Core API base URL ending in '/'. Default " + DEFAULT_BASE_V2
                + " (WSSE), or " + DEFAULT_BASE_V3 + " when OAuth 2.0 credentials are set.");
        d.put("EMARSYS_USER", "WSSE API user name (legacy v2 authentication).");
        d.put("EMARSYS_SECRET", "WSSE API secret.");
        d.put("EMARSYS_CLIENT_ID", "OAuth 2.0 client id (OpenID Connect credentials, v3). Preferred over WSSE when set.");
        d.put("EMARSYS_CLIENT_SECRET", "OAuth 2.0 client secret.");
        d.put("EMARSYS_TOKEN_URL", "OAuth 2.0 token endpoint. Default " + DEFAULT_TOKEN_URL + ".");
        d.put("EMARSYS_CONNECT_TIMEOUT", "Connect timeout as ISO-8601 duration (PT5S) or seconds. Default 5 s.");
        d.put("EMARSYS_REQUEST_TIMEOUT", "Whole-request timeout as ISO-8601 duration or seconds. Default 30 s.");
        d.put("EMARSYS_ACCOUNT", "Name of this account in delivery batches. Default '" + DEFAULT_ACCOUNT + "'.");
        DESCRIPTIONS = Map.copyOf(d);
    }

    public EmarsysSettings {
        baseUrl = blankToNull(baseUrl);
        if (baseUrl == null) baseUrl = hasText(clientId) && hasText(clientSecret) ? DEFAULT_BASE_V3 : DEFAULT_BASE_V2;
        else if (!baseUrl.endsWith("/")) baseUrl = baseUrl + "/";
        user = blankToNull(user);
        secret = blankToNull(secret);
        clientId = blankToNull(clientId);
        clientSecret = blankToNull(clientSecret);
        tokenUrl = blankToNull(tokenUrl);
        if (tokenUrl == null) tokenUrl = DEFAULT_TOKEN_URL;
        if (connectTimeout == null) connectTimeout = DEFAULT_CONNECT_TIMEOUT;
        if (requestTimeout == null) requestTimeout = DEFAULT_REQUEST_TIMEOUT;
        accountName = blankToNull(accountName);
        if (accountName == null) accountName = DEFAULT_ACCOUNT;
    }

    /** WSSE (v2) settings with default timeouts. */
    public static EmarsysSettings wsse(String baseUrl, String user, String secret) {
        return new EmarsysSettings(baseUrl, user, secret, null, null, null, null, null, null);
    }

    /** OAuth 2.0 (v3) settings with default timeouts. */
    public static EmarsysSettings oauth(String baseUrl, String clientId, String clientSecret, String tokenUrl) {
        return new EmarsysSettings(baseUrl, null, null, clientId, clientSecret, tokenUrl, null, null, null);
    }

    /** Reads the EMARSYS_* variables (see {@link #DESCRIPTIONS}); absent ones take defaults. Call {@link #validate()}. */
    public static EmarsysSettings fromEnv(Map<String, String> env) {
        return new EmarsysSettings(env.get("EMARSYS_API_BASE"), env.get("EMARSYS_USER"), env.get("EMARSYS_SECRET"),
                env.get("EMARSYS_CLIENT_ID"), env.get("EMARSYS_CLIENT_SECRET"), env.get("EMARSYS_TOKEN_URL"),
                parseDuration(env.get("EMARSYS_CONNECT_TIMEOUT")), parseDuration(env.get("EMARSYS_REQUEST_TIMEOUT")),
                env.get("EMARSYS_ACCOUNT"));
    }

    public EmarsysSettings withBaseUrl(String url) {
        return new EmarsysSettings(url, user, secret, clientId, clientSecret, tokenUrl, connectTimeout, requestTimeout, accountName);
    }

    public EmarsysSettings withTimeouts(Duration connect, Duration request) {
        return new EmarsysSettings(baseUrl, user, secret, clientId, clientSecret, tokenUrl, connect, request, accountName);
    }

    public EmarsysSettings withAccountName(String name) {
        return new EmarsysSettings(baseUrl, user, secret, clientId, clientSecret, tokenUrl, connectTimeout, requestTimeout, name);
    }

    public boolean usesOAuth() {
        return clientId != null && clientSecret != null;
    }

    /** True when some complete set of credentials is present (else the service may fall back to the sandbox). */
    public boolean isConfigured() {
        return usesOAuth() || (user != null && secret != null);
    }

    /** Every problem, not just the first. Empty when usable. */
    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        checkUrl(problems, "baseUrl", baseUrl);
        checkUrl(problems, "tokenUrl", tokenUrl);
        if (!isConfigured()) {
            problems.add(new Problem("", "emarsys_credentials_missing",
                    "Set EMARSYS_CLIENT_ID and EMARSYS_CLIENT_SECRET (OAuth 2.0) or EMARSYS_USER and EMARSYS_SECRET (WSSE)."));
        }
        if ((user == null) != (secret == null)) {
            problems.add(new Problem(user == null ? "user" : "secret", "emarsys_wsse_incomplete",
                    "WSSE needs both EMARSYS_USER and EMARSYS_SECRET."));
        }
        if ((clientId == null) != (clientSecret == null)) {
            problems.add(new Problem(clientId == null ? "clientId" : "clientSecret", "emarsys_oauth_incomplete",
                    "OAuth 2.0 needs both EMARSYS_CLIENT_ID and EMARSYS_CLIENT_SECRET."));
        }
        if (usesOAuth() && baseUrl.contains("/api/v2/")) {
            problems.add(new Problem("baseUrl", "emarsys_oauth_needs_v3",
                    "OAuth 2.0 bearer tokens are accepted under /api/v3/, not " + baseUrl + "."));
        }
        if (!usesOAuth() && isConfigured() && baseUrl.contains("/api/v3/")) {
            problems.add(new Problem("baseUrl", "emarsys_wsse_needs_v2",
                    "WSSE is accepted under /api/v2/, not " + baseUrl + "."));
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            problems.add(new Problem("connectTimeout", "not_positive", "The connect timeout must be positive."));
        }
        if (requestTimeout.isNegative() || requestTimeout.isZero()) {
            problems.add(new Problem("requestTimeout", "not_positive", "The request timeout must be positive."));
        }
        return problems;
    }

    @Override
    public String toString() { // never print secrets
        return "EmarsysSettings[baseUrl=" + baseUrl + ", auth=" + (usesOAuth() ? "oauth2 client " + clientId
                : user != null ? "wsse user " + user : "none") + ", tokenUrl=" + tokenUrl + ", connectTimeout="
                + connectTimeout + ", requestTimeout=" + requestTimeout + ", account=" + accountName + "]";
    }

    private static void checkUrl(List<Problem> problems, String path, String url) {
        try {
            URI uri = new URI(url);
            if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
                problems.add(new Problem(path, "invalid_url", "Not an http(s) URL: " + url));
            }
        } catch (Exception e) {
            problems.add(new Problem(path, "invalid_url", "Not a URL: " + url));
        }
    }

    private static Duration parseDuration(String text) {
        text = blankToNull(text);
        if (text == null) return null;
        try {
            return text.matches("\\d+") ? Duration.ofSeconds(Long.parseLong(text)) : Duration.parse(text);
        } catch (RuntimeException e) {
            return Duration.ZERO; // reported by validate() as not positive
        }
    }

    private static boolean hasText(String s) {
        return s != null && !s.isBlank();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
