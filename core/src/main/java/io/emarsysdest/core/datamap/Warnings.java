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

    List<Problem> toList() {
        return list == null ? List.of() : List.copyOf(list);
    }
}
