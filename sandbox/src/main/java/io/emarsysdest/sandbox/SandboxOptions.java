package io.emarsysdest.sandbox;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * How the simulator behaves. Immutable; {@link #defaults()} then the {@code with…} methods.
 *
 * @param wsseUsers          WSSE API user → secret (v2)
 * @param oauthClients       OAuth 2.0 client id → client secret (v3); the client id is the "API user" for rate limits
 * @param requestsPerMinute  rate limit per API user per clock minute (Emarsys default 1000); 0 = unlimited
 * @param tokenLifetime      lifetime of issued bearer tokens ({@code expires_in})
 * @param allowedSkew        how far WSSE {@code Created} may be from the sandbox clock (Emarsys: 5 minutes)
 * @param accountId          the account id {@code GET settings} reports
 * @param accountName        the account name {@code GET settings} reports
 * @param customFields       extra contact fields besides the system fields
 * @param recordLimit        how many recent requests are kept for inspection (older ones are dropped)
 * @param maxRecordedBody    request and reply bodies longer than this many characters are truncated in the record
 * @param triggerRecordLimit how many recent event triggers are kept for inspection (all are counted)
 * @param autoCreate         demo convenience, NOT Emarsys behaviour: unknown numeric event ids, list ids and field ids
 *                           are created on first use (as "auto-&lt;id&gt;", fields as shorttext) instead of 5001/3006/2006
 */
public record SandboxOptions(Map<String, String> wsseUsers, Map<String, String> oauthClients, int requestsPerMinute,
                             Duration tokenLifetime, Duration allowedSkew, long accountId, String accountName,
                             List<FieldDef> customFields, int recordLimit, int maxRecordedBody, int triggerRecordLimit,
                             boolean autoCreate) {

    public static final String DEFAULT_USER = "sandbox001";
    public static final String DEFAULT_SECRET = "sandbox-secret";
    public static final String DEFAULT_CLIENT_ID = "sandbox-client";
    public static final String DEFAULT_CLIENT_SECRET = "sandbox-client-secret";

    public SandboxOptions {
        wsseUsers = Map.copyOf(wsseUsers);
        oauthClients = Map.copyOf(oauthClients);
        customFields = List.copyOf(customFields);
        if (requestsPerMinute < 0) throw new IllegalArgumentException("requestsPerMinute must be >= 0");
        if (recordLimit < 0 || triggerRecordLimit < 0) throw new IllegalArgumentException("record limits must be >= 0");
    }

    public static SandboxOptions defaults() {
        return new SandboxOptions(Map.of(DEFAULT_USER, DEFAULT_SECRET), Map.of(DEFAULT_CLIENT_ID, DEFAULT_CLIENT_SECRET),
                1000, Duration.ofHours(1), Duration.ofMinutes(5), 424242L, "sandbox",
                List.of(FieldDef.custom(1000, "Customer ID", "shorttext"),
                        FieldDef.custom(1001, "Loyalty Points", "numeric"),
                        FieldDef.custom(1002, "Last Order Date", "date")),
                1000, 256 * 1024, 100_000, false);
    }

    public SandboxOptions withRequestsPerMinute(int limit) {
        return new SandboxOptions(wsseUsers, oauthClients, limit, tokenLifetime, allowedSkew, accountId, accountName,
                customFields, recordLimit, maxRecordedBody, triggerRecordLimit, autoCreate);
    }

    public SandboxOptions withTokenLifetime(Duration lifetime) {
        return new SandboxOptions(wsseUsers, oauthClients, requestsPerMinute, lifetime, allowedSkew, accountId, accountName,
                customFields, recordLimit, maxRecordedBody, triggerRecordLimit, autoCreate);
    }

    public SandboxOptions withWsseUsers(Map<String, String> users) {
        return new SandboxOptions(users, oauthClients, requestsPerMinute, tokenLifetime, allowedSkew, accountId, accountName,
                customFields, recordLimit, maxRecordedBody, triggerRecordLimit, autoCreate);
    }

    public SandboxOptions withCustomFields(List<FieldDef> fields) {
        return new SandboxOptions(wsseUsers, oauthClients, requestsPerMinute, tokenLifetime, allowedSkew, accountId, accountName,
                fields, recordLimit, maxRecordedBody, triggerRecordLimit, autoCreate);
    }

    public SandboxOptions withRecordLimits(int requests, int maxBodyChars, int triggers) {
        return new SandboxOptions(wsseUsers, oauthClients, requestsPerMinute, tokenLifetime, allowedSkew, accountId, accountName,
                customFields, requests, maxBodyChars, triggers, autoCreate);
    }

    public SandboxOptions withAutoCreate(boolean on) {
        return new SandboxOptions(wsseUsers, oauthClients, requestsPerMinute, tokenLifetime, allowedSkew, accountId, accountName,
                customFields, recordLimit, maxRecordedBody, triggerRecordLimit, on);
    }
}
