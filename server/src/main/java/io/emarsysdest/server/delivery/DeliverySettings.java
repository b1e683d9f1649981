package io.emarsysdest.server.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.emarsysdest.core.delivery.BatchLimits;
import io.emarsysdest.core.delivery.RetryPolicy;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the delivery stage behaves. Immutable; {@link #DEFAULTS} suit the Emarsys Core API's documented limits.
 *
 * @param requestsPerMinute   request budget per Emarsys account (API user), across all endpoints
 * @param linger              after an idle spell, wait this long before the first claim so a burst fills one request
 * @param claimLimit          items claimed per round (several requests' worth, so groups fill up)
 * @param maxConcurrentRequests requests of one account in flight at once (Emarsys answers large batches slowly;
 *                            one at a time could not use the budget)
 * @param workersPerAccount   delivery workers per account; with two, one claims and settles while the other's
 *                            requests are in flight (they share the account's budget and pauses)
 * @param lease               how long claimed items stay reserved; after a crash they are sent again once it ends
 * @param idlePoll            the longest an idle worker sleeps without a wake-up (picks up retries that became due)
 * @param retryBase           first retry delay and the lower bound of every retry delay
 * @param retryCap            upper bound of retry delays
 * @param maxAge              items still failing after this long go to the dead letters
 * @param jitter              retry delay jitter: FULL or DECORRELATED
 * @param rateLimitPause      pause after a rate-limit answer that has no reset time
 * @param errorPauseBase      account pause after a failed request (doubles with each failure in a row)
 * @param errorPauseCap       upper bound of that pause
 * @param maxItemsPerRequest  elements per request (Emarsys allows 1000)
 * @param maxUpsertBytes      body cap of contact upserts
 * @param maxTriggerBytes     body cap of event triggers
 * @param maxOtherBytes       body cap of list changes and deletes
 * @param deliveredRetention  how long delivered items' idempotency keys are remembered (duplicates ignored)
 * @param purgeInterval       how often delivered items past the retention are purged
 * @param stopTimeout         how long stopping waits for in-flight requests
 */
public record DeliverySettings(int requestsPerMinute, Duration linger, int claimLimit, int maxConcurrentRequests,
                               int workersPerAccount, Duration lease, Duration idlePoll,
                               Duration retryBase, Duration retryCap, Duration maxAge, RetryPolicy.Jitter jitter,
                               Duration rateLimitPause, Duration errorPauseBase, Duration errorPauseCap,
                               int maxItemsPerRequest, long maxUpsertBytes, long maxTriggerBytes, long maxOtherBytes,
                               Duration deliveredRetention, Duration purgeInterval, Duration stopTimeout) {

    public static final DeliverySettings DEFAULTS = new DeliverySettings(1000, Duration.ofMillis(20), 8000, 4, 2,
            Duration.ofMinutes(2), Duration.ofSeconds(1), Duration.ofSeconds(5), Duration.ofMinutes(5), Duration.ofHours(24),
            RetryPolicy.Jitter.FULL, Duration.ofSeconds(60), Duration.ofSeconds(1), Duration.ofMinutes(1),
            1000, 8_000_000, 1_000_000, 8_000_000, Duration.ofDays(2), Duration.ofMinutes(10), Duration.ofSeconds(30));

    /** One line per setting, for the configuration docs and UI. */
    public static final Map<String, String> DESCRIPTIONS = descriptions();

    private static Map<String, String> descriptions() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("requestsPerMinute", "Request budget per Emarsys API user across all endpoints (Emarsys: 1000 per minute).");
        d.put("linger", "After an idle spell, wait this long before sending so a burst of items fills one request.");
        d.put("claimLimit", "Outbox items taken per delivery round (a few requests' worth so batches fill up).");
        d.put("maxConcurrentRequests", "Requests of one account in flight at once (large batches take Emarsys a while).");
        d.put("workersPerAccount", "Delivery workers per account; two overlap database work with requests in flight.");
        d.put("lease", "How long claimed items stay reserved; after a crash they are re-sent once it ends.");
        d.put("idlePoll", "Longest sleep of an idle worker without a wake-up; retries that became due are picked up then.");
        d.put("retryBase", "First retry delay and the smallest delay of any retry.");
        d.put("retryCap", "Largest retry delay.");
        d.put("maxAge", "Items still failing after this long are moved to the dead letters.");
        d.put("jitter", "How retry delays are spread: FULL or DECORRELATED.");
        d.put("rateLimitPause", "Pause after HTTP 429 when Emarsys sent no X-RateLimit-Reset.");
        d.put("errorPauseBase", "Pause of the account after a failed request; doubles with each failure in a row.");
        d.put("errorPauseCap", "Longest pause of an account after failed requests.");
        d.put("maxItemsPerRequest", "Contacts per request (Emarsys allows 1000).");
        d.put("maxUpsertBytes", "Body size cap of contact upserts (Emarsys: 8 MB).");
        d.put("maxTriggerBytes", "Body size cap of external event triggers (Emarsys: 1 MB).");
        d.put("maxOtherBytes", "Body size cap of contact list changes and deletes.");
        d.put("deliveredRetention", "How long idempotency keys of delivered items are kept, so duplicates are ignored.");
        d.put("purgeInterval", "How often delivered items older than the retention are purged.");
        d.put("stopTimeout", "How long shutting down waits for requests in flight.");
        return Map.copyOf(d);
    }

    private static final ObjectMapper JSON = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS);

    /**
     * The defaults with the given settings replaced, for a configuration file section such as
     * {@code {"requestsPerMinute": 500, "linger": "PT0.05S"}} (durations in ISO 8601). Unknown names and values of the
     * wrong type are reported together with the problems of {@link #validate()}.
     *
     * @throws ValidationException listing every problem
     */
    public static DeliverySettings fromOverrides(JsonNode overrides) {
        ObjectNode merged = JSON.valueToTree(DEFAULTS);
        List<Problem> problems = new ArrayList<>();
        if (overrides != null && !overrides.isNull()) {
            if (!overrides.isObject()) throw new ValidationException("delivery settings",
                    List.of(new Problem("", "not_an_object", "delivery settings must be an object")));
            overrides.fields().forEachRemaining(e -> {
                if (!merged.has(e.getKey())) {
                    problems.add(new Problem(e.getKey(), "unknown_setting", "there is no delivery setting of this name"));
                } else {
                    merged.set(e.getKey(), e.getValue());
                }
            });
        }
        DeliverySettings settings = DEFAULTS;
        if (problems.isEmpty()) {
            try {
                settings = JSON.treeToValue(merged, DeliverySettings.class);
            } catch (JsonProcessingException e) {
                String path = e instanceof JsonMappingException m && !m.getPath().isEmpty()
                        ? m.getPath().get(0).getFieldName() : "";
                problems.add(new Problem(path == null ? "" : path, "invalid_value", e.getOriginalMessage()));
            }
        }
        if (problems.isEmpty()) problems.addAll(settings.validate());
        if (!problems.isEmpty()) throw new ValidationException("delivery settings", problems);
        return settings;
    }

    public RetryPolicy retryPolicy() {
        return new RetryPolicy(retryBase, retryCap, maxAge, jitter, rateLimitPause);
    }

    /** The pause of an account after failed requests in a row, as a policy (no maximum age applies). */
    RetryPolicy errorPausePolicy() {
        return new RetryPolicy(errorPauseBase, errorPauseCap, maxAge, RetryPolicy.Jitter.FULL, rateLimitPause);
    }

    public BatchLimits batchLimits() {
        return new BatchLimits(maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes);
    }

    /** These settings. @throws ValidationException with every problem */
    public DeliverySettings validated() {
        List<Problem> problems = validate();
        if (!problems.isEmpty()) throw new ValidationException("delivery settings", problems);
        return this;
    }

    /** Every problem, not just the first. */
    public List<Problem> validate() {
        List<Problem> p = new ArrayList<>();
        if (requestsPerMinute < 1) p.add(new Problem("requestsPerMinute", "out_of_range", "must be at least 1"));
        nonNegative(p, "linger", linger);
        if (linger != null && linger.compareTo(Duration.ofSeconds(1)) > 0) {
            p.add(new Problem("linger", "out_of_range", "must be at most 1s (it adds latency to every burst)"));
        }
        if (claimLimit < 1) p.add(new Problem("claimLimit", "out_of_range", "must be at least 1"));
        if (maxConcurrentRequests < 1 || maxConcurrentRequests > 64) {
            p.add(new Problem("maxConcurrentRequests", "out_of_range", "must be between 1 and 64"));
        }
        if (workersPerAccount < 1 || workersPerAccount > 8) {
            p.add(new Problem("workersPerAccount", "out_of_range", "must be between 1 and 8"));
        }
        positive(p, "lease", lease);
        positive(p, "idlePoll", idlePoll);
        if (lease != null && lease.compareTo(Duration.ofSeconds(10)) < 0) {
            p.add(new Problem("lease", "out_of_range", "must be at least 10s (longer than a request can take)"));
        }
        if (jitter == null) p.add(new Problem("jitter", "required", "must be FULL or DECORRELATED"));
        if (retryBase != null && retryCap != null && maxAge != null && rateLimitPause != null && jitter != null) {
            retryPolicy().validate().forEach(x -> p.add(rename(x)));
        } else {
            positive(p, "retryBase", retryBase);
            positive(p, "retryCap", retryCap);
            positive(p, "maxAge", maxAge);
            positive(p, "rateLimitPause", rateLimitPause);
        }
        positive(p, "errorPauseBase", errorPauseBase);
        positive(p, "errorPauseCap", errorPauseCap);
        if (errorPauseBase != null && errorPauseCap != null && errorPauseCap.compareTo(errorPauseBase) < 0) {
            p.add(new Problem("errorPauseCap", "out_of_range", "must not be smaller than errorPauseBase"));
        }
        batchLimits().validate().forEach(x -> p.add(rename(x)));
        positive(p, "deliveredRetention", deliveredRetention);
        positive(p, "purgeInterval", purgeInterval);
        positive(p, "stopTimeout", stopTimeout);
        return p;
    }

    private static Problem rename(Problem x) {
        String path = switch (x.path()) {
            case "base" -> "retryBase";
            case "cap" -> "retryCap";
            case "maxItems" -> "maxItemsPerRequest";
            default -> x.path();
        };
        return new Problem(path, x.code(), x.message());
    }

    private static void positive(List<Problem> p, String name, Duration d) {
        if (d == null) p.add(new Problem(name, "required", "is required"));
        else if (d.isNegative() || d.isZero()) p.add(new Problem(name, "out_of_range", "must be positive"));
    }

    private static void nonNegative(List<Problem> p, String name, Duration d) {
        if (d == null) p.add(new Problem(name, "required", "is required"));
        else if (d.isNegative()) p.add(new Problem(name, "out_of_range", "must not be negative"));
    }

    public DeliverySettings withRequestsPerMinute(int v) {
        return new DeliverySettings(v, linger, claimLimit, maxConcurrentRequests, workersPerAccount, lease, idlePoll,
                retryBase, retryCap, maxAge, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes, deliveredRetention, purgeInterval, stopTimeout);
    }

    public DeliverySettings withClaimLimit(int v) {
        return new DeliverySettings(requestsPerMinute, linger, v, maxConcurrentRequests, workersPerAccount, lease, idlePoll,
                retryBase, retryCap, maxAge, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes, deliveredRetention, purgeInterval, stopTimeout);
    }

    public DeliverySettings withMaxConcurrentRequests(int v) {
        return new DeliverySettings(requestsPerMinute, linger, claimLimit, v, workersPerAccount, lease, idlePoll,
                retryBase, retryCap, maxAge, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes, deliveredRetention, purgeInterval, stopTimeout);
    }

    public DeliverySettings withMaxItemsPerRequest(int v) {
        return new DeliverySettings(requestsPerMinute, linger, claimLimit, maxConcurrentRequests, workersPerAccount, lease, idlePoll,
                retryBase, retryCap, maxAge, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, v, maxUpsertBytes, maxTriggerBytes, maxOtherBytes, deliveredRetention, purgeInterval, stopTimeout);
    }

    public DeliverySettings withLinger(Duration v) {
        return new DeliverySettings(requestsPerMinute, v, claimLimit, maxConcurrentRequests, workersPerAccount, lease, idlePoll,
                retryBase, retryCap, maxAge, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes, deliveredRetention, purgeInterval, stopTimeout);
    }

    public DeliverySettings withMaxAge(Duration v) {
        return new DeliverySettings(requestsPerMinute, linger, claimLimit, maxConcurrentRequests, workersPerAccount, lease, idlePoll,
                retryBase, retryCap, v, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes, deliveredRetention, purgeInterval, stopTimeout);
    }

    public DeliverySettings withIdlePoll(Duration v) {
        return new DeliverySettings(requestsPerMinute, linger, claimLimit, maxConcurrentRequests, workersPerAccount, lease, v,
                retryBase, retryCap, maxAge, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes, deliveredRetention, purgeInterval, stopTimeout);
    }

    public DeliverySettings withWorkersPerAccount(int v) {
        return new DeliverySettings(requestsPerMinute, linger, claimLimit, maxConcurrentRequests, v, lease, idlePoll,
                retryBase, retryCap, maxAge, jitter, rateLimitPause,
                errorPauseBase, errorPauseCap, maxItemsPerRequest, maxUpsertBytes, maxTriggerBytes, maxOtherBytes,
                deliveredRetention, purgeInterval, stopTimeout);
    }
}
