package io.emarsysdest.server.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.emarsysdest.server.config.SettingDef.of;
import static io.emarsysdest.server.config.SettingType.*;

/** Every setting of the service. docs/configuration.md lists the same (a test keeps them in step). */
public final class ConfigSchema {
    private ConfigSchema() {
    }

    private static Optional<String> portRange(Object v) {
        int p = (Integer) v;
        return p < 0 || p > 65535 ? Optional.of("must be between 0 and 65535 (0 picks a free port)") : Optional.empty();
    }

    private static Optional<String> positive(Object v) {
        return (Integer) v < 1 ? Optional.of("must be at least 1") : Optional.empty();
    }

    private static Optional<String> nonNegative(Object v) {
        return (Integer) v < 0 ? Optional.of("must be 0 or more") : Optional.empty();
    }

    private static Optional<String> positiveDuration(Object v) {
        return ((Duration) v).isNegative() || ((Duration) v).isZero() ? Optional.of("must be longer than zero") : Optional.empty();
    }

    private static Optional<String> lingerRange(Object v) {
        Duration d = (Duration) v;
        return d.isNegative() || d.compareTo(Duration.ofSeconds(1)) > 0 ? Optional.of("must be between 0 and 1s") : Optional.empty();
    }

    private static Optional<String> apiKeyShape(Object v) {
        String k = (String) v;
        return k.length() < 8 || k.contains(":") || k.chars().anyMatch(Character::isWhitespace)
                ? Optional.of("must be at least 8 characters, without ':' or spaces") : Optional.empty();
    }

    public static final List<SettingDef> ALL = List.of(
            of("server.port", "PORT", INT, "8080", "HTTP port of the Tracking API, the configuration API and the web app.").checked(ConfigSchema::portRange),
            of("server.dataDir", "DATA_DIR", PATH, "./data", "Folder of the embedded databases (events.db, state.db) and the generated API and admin keys."),
            of("server.apiKey", "API_KEY", SECRET, null, "The destination's write key that Segment clients send (Basic auth user name or writeKey in the body). "
                    + "When unset, one is generated on first start, stored in <dataDir>/api-key and printed.").checked(ConfigSchema::apiKeyShape),
            of("server.adminKey", "ADMIN_KEY", SECRET, null, "Admin key for the console and everything under /api (Authorization: Bearer <key>); must differ from the API key. "
                    + "When unset, one is generated on first start, stored in <dataDir>/admin-key and printed.").checked(ConfigSchema::apiKeyShape),
            of("state.url", "STATE_DATABASE_URL", SECRET, null, "JDBC URL of a PostgreSQL state database (users table, rules, outbox, data maps), e.g. jdbc:postgresql://db:5432/emarsys?user=emd&password=…; unset = embedded SQLite under the data folder.")
                    .checked(v -> ((String) v).startsWith("jdbc:postgresql:") ? Optional.empty() : Optional.of("must be a jdbc:postgresql: URL")),
            of("server.shutdownGrace", "SHUTDOWN_GRACE", DURATION, "20s", "How long SIGTERM waits for in-flight requests and the current processing batch.").checked(ConfigSchema::positiveDuration),
            of("ingest.dedupWindow", "DEDUP_WINDOW", DURATION, "7d", "How long the event log keeps processed events, and so how long a messageId is remembered: client retries of the same event within it are stored once.").checked(ConfigSchema::positiveDuration),
            of("ingest.maxQueuedEvents", "INGEST_MAX_QUEUED_EVENTS", INT, "200000", "Events that may wait for the log's next commit before requests are answered 429 (clients retry).").checked(ConfigSchema::positive),
            of("ingest.maxEventBytes", "INGEST_MAX_EVENT_BYTES", INT, "32768", "Largest accepted event (a single call or one batch item), in bytes.").checked(ConfigSchema::positive),
            of("ingest.maxRequestBytes", "INGEST_MAX_REQUEST_BYTES", INT, "512000", "Largest accepted request body after decompression, in bytes.").checked(ConfigSchema::positive),
            of("processing.linger", "PROCESSING_LINGER", DURATION, "50ms", "While fewer than processing.batchSize events wait, how long after starting a batch the processor waits before the next one: fewer, larger state commits (and fsyncs) at moderate rates, for at most this much more delay. 0s processes at once.").checked(ConfigSchema::lingerRange),
            of("processing.batchSize", "PROCESSING_BATCH_SIZE", INT, "5000", "Most events the processor applies to the state database in one transaction (fewer when it is caught up).").checked(ConfigSchema::positive),
            of("identity.primaryKeyPaths", "PRIMARY_KEY_PATHS", LIST, "traits.email,context.traits.email", "JSON paths where the primary key (the Emarsys contact key) is looked up, in order."),
            of("identity.keyField", "KEY_FIELD", STRING, "3", "The Emarsys field that holds the primary key and identifies the contact in every request (key_id of upserts, triggers, list changes, renames and deletions): a field id, name or string id. 3 = E-mail; for a customer id, a text or numeric field that Emarsys has indexed as unique. Primary key values that cannot be values of this field are refused."),
            of("emarsys.apiBase", "EMARSYS_API_BASE", STRING, null, "Emarsys Core API base URL ending in '/'. Default https://api.emarsys.net/api/v2/ (WSSE), or .../api/v3/ with OAuth 2.0."),
            of("emarsys.user", "EMARSYS_USER", STRING, null, "WSSE API user name (legacy v2 authentication)."),
            of("emarsys.secret", "EMARSYS_SECRET", SECRET, null, "WSSE API secret."),
            of("emarsys.clientId", "EMARSYS_CLIENT_ID", STRING, null, "OAuth 2.0 client id (OpenID Connect credentials, v3); preferred over WSSE when set."),
            of("emarsys.clientSecret", "EMARSYS_CLIENT_SECRET", SECRET, null, "OAuth 2.0 client secret."),
            of("emarsys.tokenUrl", "EMARSYS_TOKEN_URL", STRING, null, "OAuth 2.0 token endpoint. Default https://auth.emarsys.net/oauth2/token."),
            of("emarsys.connectTimeout", "EMARSYS_CONNECT_TIMEOUT", DURATION, "5s", "Connect timeout for Emarsys requests.").checked(ConfigSchema::positiveDuration),
            of("emarsys.requestTimeout", "EMARSYS_REQUEST_TIMEOUT", DURATION, "30s", "Timeout of one whole Emarsys request, answer included.").checked(ConfigSchema::positiveDuration),
            of("emarsys.fieldCatalogRefresh", "EMARSYS_FIELD_CATALOG_REFRESH", DURATION, "10m", "How often the account's fields and choices are re-read from Emarsys (every minute at most while the catalog is a fallback or partial); POST /api/emarsys/fields/refresh reads them at once.").checked(ConfigSchema::positiveDuration),
            of("emarsys.account", "EMARSYS_ACCOUNT", STRING, "default", "Name of the Emarsys account (API user) in delivery items and metrics."),
            of("emarsys.sandboxPort", "SANDBOX_PORT", INT, "0", "Port of the embedded Emarsys sandbox used when no credentials are set (0 picks a free port; the URL is logged).").checked(ConfigSchema::portRange),
            of("emarsys.sandboxRequestsPerMinute", "SANDBOX_REQUESTS_PER_MINUTE", INT, "1000", "Rate limit of the embedded sandbox per API user and clock minute, reported in X-RateLimit-Limit / X-Ratelimit-Remaining / X-RateLimit-Reset as Emarsys does (to try a small budget; 0 = unlimited).").checked(ConfigSchema::nonNegative),
            of("delivery.requestsPerMinute", "EMARSYS_REQUESTS_PER_MINUTE", INT, "1000", "Request budget per Emarsys API user across all endpoints (Emarsys allows 1000 per minute; raise only if Emarsys raised yours).").checked(ConfigSchema::positive),
            of("delivery.linger", "DELIVERY_LINGER", DURATION, "20ms", "After an idle spell, how long delivery waits so a burst of items fills one request.").checked(ConfigSchema::positiveDuration),
            of("delivery.maxConcurrentRequests", "DELIVERY_MAX_CONCURRENT_REQUESTS", INT, "4", "Requests of one account in flight at once.").checked(ConfigSchema::positive),
            of("delivery.retryBase", "DELIVERY_RETRY_BASE", DURATION, "5s", "First retry delay of a failed item (exponential backoff with jitter from here).").checked(ConfigSchema::positiveDuration),
            of("delivery.retryCap", "DELIVERY_RETRY_CAP", DURATION, "5m", "Longest retry delay.").checked(ConfigSchema::positiveDuration),
            of("delivery.maxAge", "DELIVERY_MAX_AGE", DURATION, "24h", "Items still failing after this long go to the dead letters.").checked(ConfigSchema::positiveDuration),
            of("delivery.sendUnchanged", "DELIVERY_SEND_UNCHANGED", BOOLEAN, "false", "Send contact fields and list changes again even when Emarsys already has the same values from this service. By default an identify that repeats known traits costs no request: only changed fields go out (with the key), and nothing when none changed. A dead letter, a merge or a privacy deletion makes the person's next event send everything again."),
            of("identity.blockedPatterns", "IDENTITY_BLOCKED_PATTERNS", LIST, "", "Extra regular expressions for placeholder identifier values that must never link anything (on top of empty, null, undefined, anonymous, 0, -1), e.g. test@test\\.com."),
            of("identity.maxMergesPerPerson", "IDENTITY_MAX_MERGES", INT, "100", "Merges after which a person merges no more (its events still resolve).").checked(ConfigSchema::positive),
            of("identity.maxIdentifiersPerPerson", "IDENTITY_MAX_IDENTIFIERS", INT, "1000", "Identifiers after which a person takes no new ones and merges no more.").checked(ConfigSchema::positive),
            of("log.format", "LOG_FORMAT", STRING, "text", "Log output: 'text' (key=value lines for people) or 'json' (one JSON object per line for log shippers).")
                    .checked(v -> v.equals("text") || v.equals("json") ? Optional.empty() : Optional.of("must be 'text' or 'json'"))
    );

    /** Resolves the data folder and makes sure it is usable. */
    public static Path dataDir(Config config) {
        return config.path("server.dataDir").toAbsolutePath().normalize();
    }
}
