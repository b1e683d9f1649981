package io.emarsysdest.core.identity;

import io.emarsysdest.core.event.JsonPath;
import io.emarsysdest.core.validation.Problem;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * How the users table recognises people. Immutable; {@link #DEFAULTS} follows Segment Unify's guardrails.
 *
 * @param primaryKeyPaths            JSON paths read in order for the primary key (the Emarsys contact key)
 * @param primaryKeyFormat           what a primary key is (by the Emarsys key field): how values are normalised for
 *                                   matching and which values are refused
 * @param primaryKeyMaxLength        the most characters a primary key may have (the key field's limit), 0 for no limit
 * @param maxUserIds                 userIds one person may hold
 * @param maxPrimaryKeys             primary keys one person may hold (previous keys after a key change do not count)
 * @param maxAnonymousIds            anonymousIds one person may hold
 * @param maxMergesPerPerson         merges after which a person merges no more (events still resolve)
 * @param maxIdentifiersPerPerson    identifiers after which a person takes no more and merges no more
 * @param blockedPatterns            extra regular expressions; a normalised value matching one entirely is blocked
 * @param seenResolution             precision of stored last-seen times: written again only when they move on by this much
 */
public record IdentitySettings(
        List<String> primaryKeyPaths,
        KeyFormat primaryKeyFormat,
        int primaryKeyMaxLength,
        int maxUserIds,
        int maxPrimaryKeys,
        int maxAnonymousIds,
        int maxMergesPerPerson,
        int maxIdentifiersPerPerson,
        List<String> blockedPatterns,
        Duration seenResolution) {

    public static final IdentitySettings DEFAULTS = new IdentitySettings(
            List.of("traits.email", "context.traits.email"), KeyFormat.EMAIL, 255,
            1, 1, 1000, 100, 1000, List.of(), Duration.ofHours(1));

    /** One sentence per setting, for the configuration API and docs. */
    public static final Map<String, String> DESCRIPTIONS;

    static {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("primaryKeyPaths", "JSON paths read in order for the primary key (the Emarsys contact key); paths starting with 'traits.' are skipped on group calls, whose traits describe the group.");
        d.put("primaryKeyFormat", "EMAIL: trim and lower-case primary keys for matching, and refuse values that are not e-mail addresses; TEXT: trim only; NUMBER: trim only, whole numbers only. Follows the Emarsys key field. The raw value is kept for Emarsys.");
        d.put("primaryKeyMaxLength", "The most characters a primary key may have (the key field's limit: 255 for e-mail); longer values are refused; 0 = no limit.");
        d.put("maxUserIds", "How many userIds one person may hold; 1 keeps a shared device from joining two users.");
        d.put("maxPrimaryKeys", "How many primary keys one person may hold; a previous key after an e-mail change does not count.");
        d.put("maxAnonymousIds", "How many anonymousIds one person may hold.");
        d.put("maxMergesPerPerson", "Merges after which a person merges no more; its events still resolve.");
        d.put("maxIdentifiersPerPerson", "Identifiers after which a person takes no new ones and merges no more.");
        d.put("blockedPatterns", "Regular expressions for placeholder values that must never link anything, on top of empty, null, undefined, anonymous, 0 and -1.");
        d.put("seenResolution", "Precision of stored last-seen times (persons and identifiers): they are written again only when they move on by this much, which saves most writes for known visitors (ISO-8601 duration; the answers of the users table stay exact).");
        DESCRIPTIONS = Map.copyOf(d);
    }

    public IdentitySettings {
        primaryKeyPaths = primaryKeyPaths == null ? List.of() : List.copyOf(primaryKeyPaths);
        blockedPatterns = blockedPatterns == null ? List.of() : List.copyOf(blockedPatterns);
    }

    /** Every problem at once; empty when the settings can be used. */
    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        if (primaryKeyPaths.isEmpty()) {
            problems.add(new Problem("primaryKeyPaths", "missing", "at least one primary key path is required, e.g. traits.email"));
        }
        for (int i = 0; i < primaryKeyPaths.size(); i++) {
            try {
                JsonPath.compile(primaryKeyPaths.get(i));
            } catch (IllegalArgumentException | NullPointerException e) {
                problems.add(new Problem("primaryKeyPaths[" + i + "]", "invalid_path", String.valueOf(e.getMessage())));
            }
        }
        if (primaryKeyFormat == null) problems.add(new Problem("primaryKeyFormat", "missing", "primaryKeyFormat must be EMAIL, TEXT or NUMBER"));
        atLeast(problems, "primaryKeyMaxLength", primaryKeyMaxLength, 0);
        atLeast(problems, "maxUserIds", maxUserIds, 1);
        atLeast(problems, "maxPrimaryKeys", maxPrimaryKeys, 1);
        atLeast(problems, "maxAnonymousIds", maxAnonymousIds, 1);
        atLeast(problems, "maxMergesPerPerson", maxMergesPerPerson, 0);
        atLeast(problems, "maxIdentifiersPerPerson", maxIdentifiersPerPerson, 3);
        for (int i = 0; i < blockedPatterns.size(); i++) {
            try {
                Pattern.compile(blockedPatterns.get(i));
            } catch (PatternSyntaxException | NullPointerException e) {
                problems.add(new Problem("blockedPatterns[" + i + "]", "invalid_pattern", "not a regular expression: " + e.getMessage()));
            }
        }
        if (seenResolution == null || seenResolution.isNegative()) {
            problems.add(new Problem("seenResolution", "invalid_duration", "must be zero or a positive duration"));
        }
        return problems;
    }

    private static void atLeast(List<Problem> problems, String name, int value, int min) {
        if (value < min) problems.add(new Problem(name, "too_small", name + " must be at least " + min + " (was " + value + ")"));
    }

    public IdentitySettings withLimits(int userIds, int primaryKeys, int anonymousIds) {
        return new IdentitySettings(primaryKeyPaths, primaryKeyFormat, primaryKeyMaxLength, userIds, primaryKeys, anonymousIds,
                maxMergesPerPerson, maxIdentifiersPerPerson, blockedPatterns, seenResolution);
    }

    public IdentitySettings withCaps(int merges, int identifiers) {
        return new IdentitySettings(primaryKeyPaths, primaryKeyFormat, primaryKeyMaxLength, maxUserIds, maxPrimaryKeys, maxAnonymousIds,
                merges, identifiers, blockedPatterns, seenResolution);
    }

    public IdentitySettings withBlockedPatterns(List<String> patterns) {
        return new IdentitySettings(primaryKeyPaths, primaryKeyFormat, primaryKeyMaxLength, maxUserIds, maxPrimaryKeys, maxAnonymousIds,
                maxMergesPerPerson, maxIdentifiersPerPerson, patterns, seenResolution);
    }

    public IdentitySettings withPrimaryKey(List<String> paths, KeyFormat format) {
        return new IdentitySettings(paths, format, primaryKeyMaxLength, maxUserIds, maxPrimaryKeys, maxAnonymousIds,
                maxMergesPerPerson, maxIdentifiersPerPerson, blockedPatterns, seenResolution);
    }

    /** The key's format and length limit, as the Emarsys key field requires (e-mail: EMAIL, 255). */
    public IdentitySettings withPrimaryKeyRule(KeyFormat format, int maxLength) {
        return new IdentitySettings(primaryKeyPaths, format, maxLength, maxUserIds, maxPrimaryKeys, maxAnonymousIds,
                maxMergesPerPerson, maxIdentifiersPerPerson, blockedPatterns, seenResolution);
    }

    public IdentitySettings withSeenResolution(Duration resolution) {
        return new IdentitySettings(primaryKeyPaths, primaryKeyFormat, primaryKeyMaxLength, maxUserIds, maxPrimaryKeys, maxAnonymousIds,
                maxMergesPerPerson, maxIdentifiersPerPerson, blockedPatterns, resolution);
    }

    int limitOf(IdType type) {
        return switch (type) {
            case USER_ID -> maxUserIds;
            case PRIMARY_KEY -> maxPrimaryKeys;
            case ANONYMOUS_ID -> maxAnonymousIds;
        };
    }
}
