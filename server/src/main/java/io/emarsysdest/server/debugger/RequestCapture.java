package io.emarsysdest.server.debugger;

import io.emarsysdest.emarsys.Exchange;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects the Core API exchanges made on the current thread between {@link #begin()} and {@link #end()}: delivery
 * sends one batch per call on one thread, through gateways that may add requests of their own (name lookups, contact
 * renames), so what the thread sent in between is what the batch took. Exchanges outside a capture (the field
 * catalog's reads) are ignored.
 */
public final class RequestCapture implements Exchange.Listener {
    private final ThreadLocal<List<Exchange>> current = new ThreadLocal<>();

    public void begin() {
        current.set(new ArrayList<>(2));
    }

    /** The exchanges since {@link #begin()}, and the capture ends. */
    public List<Exchange> end() {
        List<Exchange> list = current.get();
        current.remove();
        return list == null ? List.of() : list;
    }

    @Override
    public void exchanged(Exchange exchange) {
        List<Exchange> list = current.get();
        if (list != null) list.add(exchange);
    }
}
