package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.validation.Problem;

import java.util.ArrayList;
import java.util.List;

/**
 * A data map compiled against a field catalog: immutable and thread-safe, evaluated many times.
 * Mappings or list rules with problems are left out (see {@link #problems()}); a map validated on save has none.
 */
public final class CompiledDataMap {
    private final DataMap source;
    private final EventFilter filter;
    private final CompiledMapping[] mappings;
    private final CompiledListRule[] lists;
    private final boolean anyOwnFilter;
    private final List<Problem> problems;

    CompiledDataMap(DataMap source, EventFilter filter, List<CompiledMapping> mappings, List<CompiledListRule> lists,
                    List<Problem> problems) {
        this.source = source;
        this.filter = filter;
        this.mappings = mappings.toArray(CompiledMapping[]::new);
        this.lists = lists.toArray(CompiledListRule[]::new);
        boolean own = false;
        for (CompiledMapping m : this.mappings) own |= m.ownFilter != null;
        for (CompiledListRule r : this.lists) own |= r.ownFilter != null;
        this.anyOwnFilter = own;
        this.problems = List.copyOf(problems);
    }

    public String id() {
        return source.id();
    }

    public String keyField() {
        return source.keyField();
    }

    public boolean enabled() {
        return source.enabled();
    }

    public DataMap source() {
        return source;
    }

    /** Problems found while compiling; the affected mappings are not evaluated. Empty for a valid map. */
    public List<Problem> problems() {
        return problems;
    }

    /** Evaluates this map alone: see {@link DataMapSet#evaluate} for the meaning of the arguments and result. */
    public MapResult evaluate(Event event, ObjectNode personTraits, String keyValue) {
        ObjectNode fields = JsonNodeFactory.instance.objectNode();
        List<ListChange> listChanges = new ArrayList<>(0);
        Warnings w = new Warnings();
        apply(new EvalContext(event, personTraits), fields, listChanges, w);
        return DataMapSet.finish(keyField(), keyValue, fields, listChanges, w);
    }

    void apply(EvalContext ctx, ObjectNode fields, List<ListChange> listChanges, Warnings w) {
        if (!source.enabled()) return;
        boolean matches = filter.matches(ctx.event, ctx);
        if (!matches && !anyOwnFilter) return;
        for (CompiledMapping m : mappings) m.apply(ctx, matches, fields, w);
        for (CompiledListRule r : lists) r.apply(ctx, matches, listChanges);
    }
}
