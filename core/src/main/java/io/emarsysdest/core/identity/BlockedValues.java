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

    // the lengths of the built-in values: a value lower-cases to one of them only with the same length
    private static boolean builtInLength(int n) {
        return n == 0 || n == 1 || n == 2 || n == 4 || n == 9;
    }

    /** @param norm a normalised value */
    public boolean isBlocked(String norm) {
        if (builtInLength(norm.length()) && BUILT_IN.contains(norm.toLowerCase(Locale.ROOT))) return true;
        for (Pattern p : patterns) if (p.matcher(norm).matches()) return true;
        return false;
    }
}
