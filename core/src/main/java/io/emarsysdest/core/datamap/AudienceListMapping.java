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
    public AudienceListMapping {
        Objects.requireNonNull(audienceKey, "audienceKey");
    }

    public ListTarget effectiveList() {
        return list != null ? list : new ListTarget.ByName(audienceKey);
    }

    public List<Problem> validate() {
        List<Problem> problems = new ArrayList<>();
        if (audienceKey.isBlank()) problems.add(new Problem("audienceKey", "missing", "audienceKey is required"));
        if (list instanceof ListTarget.ById b && !b.listId().chars().allMatch(Character::isDigit)) {
            problems.add(new Problem("list.id", "invalid_list_id", "an Emarsys list id is a number, got '" + b.listId() + "'"));
        }
        if (list instanceof ListTarget.ByName n && n.name().isBlank()) {
            problems.add(new Problem("list.name", "missing", "list name must not be blank"));
        }
        return problems;
    }
}
