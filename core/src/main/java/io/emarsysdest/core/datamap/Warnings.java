package io.emarsysdest.core.datamap;

import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/** Collects evaluation warnings; allocates only when there is one (the common case has none). */
final class Warnings {
    private List<Problem> list;
    private String where = "";
    private String prefix = "";

    /** Where the next warnings come from: a location ("default.mappings[4]") and a message prefix naming the field. */
    void at(String where, String prefix) {
        this.where = where;
        this.prefix = prefix;
    }

    void add(String code, String message) {
        if (list == null) list = new ArrayList<>(2);
        list.add(new Problem(where, code, prefix + message));
    }

    int size() {
        return list == null ? 0 : list.size();
    }

    /** The messages added since {@code from}, without the field prefix, joined. */
    String messagesFrom(int from) {
        if (list == null) return "";
        StringBuilder b = new StringBuilder();
        for (int i = from; i < list.size(); i++) {
            String m = list.get(i).message();
            if (b.length() > 0) b.append("; ");
            b.append(m.startsWith(prefix) ? m.substring(prefix.length()) : m);
        }
        return b.toString();
    }

    /** Replaces the warnings added since {@code from} with one (which says what they said). */
    void replaceFrom(int from, String code, String message) {
        if (list != null) while (list.size() > from) list.remove(list.size() - 1);
        add(code, message);
    }

    List<Problem> toList() {
        return list == null ? List.of() : List.copyOf(list);
    }
}
