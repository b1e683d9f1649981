package io.emarsysdest.core.datamap;

import java.util.List;

/**
 * What one read of the account's fields gave: the catalog and the fields that came without their choices.
 * Empty {@code problems} means complete.
 */
public record FieldCatalogLoad(FieldCatalog catalog, List<FieldProblem> problems) {
    public FieldCatalogLoad {
        problems = List.copyOf(problems);
    }

    public boolean complete() {
        return problems.isEmpty();
    }
}
