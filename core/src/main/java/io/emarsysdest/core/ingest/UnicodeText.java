package io.emarsysdest.core.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.validation.Problem;

import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The ingest rule for text: every string (field names included) must be valid Unicode. JSON may escape half of a
 * UTF-16 surrogate pair (a backslash-u escape such as D800 alone), which Java keeps as a lone {@code char} but no UTF-8 store can hold: it
 * became {@code ?} on the way to disk, so two different messageIds collided and a retried one was not recognised.
 * Such an item is refused, naming the field.
 */
final class UnicodeText {
    private UnicodeText() {
    }

    /** Adds a problem for every string under {@code node} (paths relative to it) that holds an unpaired surrogate. */
    static void checkTree(JsonNode node, String path, List<Problem> problems) {
        if (node.isTextual()) {
            int at = unpairedSurrogate(node.textValue());
            if (at >= 0) problems.add(problem(path, "the value has an unpaired UTF-16 surrogate " + hex(node.textValue().charAt(at)) + " at character " + at));
        } else if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> it = node.fields();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                int at = unpairedSurrogate(e.getKey());
                String child = join(path, printable(e.getKey()));
                if (at >= 0) {
                    problems.add(problem(child, "the field name has an unpaired UTF-16 surrogate " + hex(e.getKey().charAt(at)) + " at character " + at));
                }
                checkTree(e.getValue(), child, problems);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) checkTree(node.get(i), path + "[" + i + "]", problems);
        }
    }

    /** The index of the first high surrogate without a low one after it, or low surrogate without a high one before; -1 when none. */
    static int unpairedSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (!Character.isSurrogate(c)) continue;
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
                continue;
            }
            return i;
        }
        return -1;
    }

    /** The text with unpaired surrogates written as backslash-u escapes, so a path naming the field can itself be sent as UTF-8. */
    static String printable(String s) {
        if (unpairedSurrogate(s) < 0) return s;
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                b.append(hex(c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static Problem problem(String path, String detail) {
        return new Problem(path, "invalid_unicode", detail + "; strings must be valid Unicode (escape a character outside the BMP as a surrogate pair)");
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static String hex(char c) {
        return String.format("\\u%04x", (int) c);
    }
}
