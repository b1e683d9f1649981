package io.emarsysdest.core.condition;

import java.util.Optional;

/** Comparison operators of the condition language shared by rules and data maps. */
public enum Op {
    EQ("eq"), NEQ("neq"), IN("in"), NIN("nin"), GT("gt"), GTE("gte"), LT("lt"), LTE("lte"),
    EXISTS("exists"), CONTAINS("contains"), STARTS_WITH("startsWith"), MATCHES("matches");

    private final String wire;

    Op(String wire) {
        this.wire = wire;
    }

    public String wire() {
        return wire;
    }

    public static Optional<Op> fromWire(String s) {
        for (Op op : values()) if (op.wire.equals(s)) return Optional.of(op);
        return Optional.empty();
    }
}
