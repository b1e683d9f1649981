package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** A list rule, ready to run. */
final class CompiledListRule {
    private final ListTarget fixed;
    private final ValueReader listFrom;
    private final boolean add;
    final EventFilter ownFilter;
    private final String origin;

    CompiledListRule(ListTarget fixed, ValueReader listFrom, boolean add, EventFilter ownFilter, String origin) {
        this.fixed = fixed;
        this.listFrom = listFrom;
        this.add = add;
        this.ownFilter = ownFilter;
        this.origin = origin;
    }

    void apply(EvalContext ctx, boolean mapMatches, List<ListChange> out) {
        if (ownFilter == null ? !mapMatches : !ownFilter.matches(ctx.event, ctx)) return;
        ListTarget target = fixed;
        if (target == null) {
            JsonNode v = listFrom.read(ctx);
            if (!v.isValueNode() || v.isNull() || v.asText().isBlank()) return;
            String s = v.asText().trim();
            // Emarsys list ids are numeric; any other value (a groupId like "acme-42") names the list
            target = s.chars().allMatch(Character::isDigit) ? new ListTarget.ById(s) : new ListTarget.ByName(s);
        }
        out.add(new ListChange(target, add, origin));
    }
}
