package io.emarsysdest.core.datamap;

import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Where one audience goes in Emarsys.
 *
 * @param audienceKey the snake_cased Engage audience key
 * @param list        the list (by id, or by name: created if missing); null = the list named like the key
 * @param enabled     false = ignore this audience
 */
public record AudienceListMapping(String audienceKey, ListTarget list, boolean enabled) {
    /** Engage sends an audience as a trait named by its snake_cased key: lower-case letters, digits, underscores. */
    private static final java.util.regex.Pattern SNAKE_CASE = java.util.regex.Pattern.compile("[a-z0-9][a-z0-9_]*");

    public AudienceListMapping {
        Objects.requireNonNull(audienceKey, "audienceKey");
    }

    public ListTarget effectiveList() {
        return list != null ? list : new ListTarget.ByName(audienceKey);
    }

    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        if (audienceKey.isBlank()) problems.add(new Problem("audienceKey", "missing", "audienceKey is required"));
        else if (!SNAKE_CASE.matcher(audienceKey).matches()) {
            problems.add(new Problem("audienceKey", "not_snake_case", "an Engage audience key is snake_cased (lower-case letters, digits and _), e.g. '"
                    + snakeCase(audienceKey) + "'; got '" + audienceKey + "'"));
        }
        if (list instanceof ListTarget.ById b && !b.listId().chars().allMatch(Character::isDigit)) {
            problems.add(new Problem("list.id", "invalid_list_id", "an Emarsys list id is a number, got '" + b.listId() + "'"));
        }
        if (list instanceof ListTarget.ByName n && n.name().isBlank()) {
            problems.add(new Problem("list.name", "missing", "list name must not be blank"));
        }
        return problems;
    }

    /** What Engage would make of a name: "VIP Customers" → "vip_customers". */
    static String snakeCase(String name) {
        String s = name.trim().replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT)
                .replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
        return s.isEmpty() ? "my_audience" : s;
    }
}
