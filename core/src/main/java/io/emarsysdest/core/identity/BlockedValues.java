package io.emarsysdest.core.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Placeholder values that must never link anything: clients send them when they have no real id, and matching on
 * them would glue thousands of people into one.
 */
public final class BlockedValues {
    /** Always blocked, compared case-insensitively after trimming. */
    public static final Set<String> BUILT_IN = Set.of("", "null", "undefined", "anonymous", "0", "-1");

    private final List<Pattern> patterns;

    public BlockedValues(List<String> regexes) {
        List<Pattern> compiled = new ArrayList<>(regexes.size());
        for (String r : regexes) compiled.add(Pattern.compile(r));
        this.patterns = List.copyOf(compiled);
    }

    /** @param norm a normalised value */
    public boolean isBlocked(String norm) {
        if (norm.length() <= 9 && BUILT_IN.contains(norm.toLowerCase(Locale.ROOT))) return true;
        for (Pattern p : patterns) if (p.matcher(norm).matches()) return true;
        return false;
    }
}
