package io.emarsysdest.server.debugger;

import io.emarsysdest.core.delivery.BatchItem;
import io.emarsysdest.core.delivery.OutboxItem;
import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.emarsys.Exchange;
import io.emarsysdest.server.delivery.DeliveryTracer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Keeps every delivery request, its items' fates and its exchanges in {@link RequestTraces}. */
public final class RecordingDeliveryTracer implements DeliveryTracer {
    private final RequestCapture capture;
    private final RequestTraces traces;

    /** @param capture must be the listener of the Emarsys client that delivery's gateway uses */
    public RecordingDeliveryTracer(RequestCapture capture, RequestTraces traces) {
        this.capture = capture;
        this.traces = traces;
    }

    @Override
    public void begin() {
        capture.begin();
    }

    @Override
    public List<Exchange> end() {
        return capture.end();
    }

    @Override
    public void settled(Settled r) {
        Set<Long> delivered = new HashSet<>(r.delivered());
        Map<Long, OutboxRepository.Retry> retries = new HashMap<>();
        for (OutboxRepository.Retry x : r.retries()) retries.put(x.id(), x);
        Map<Long, OutboxRepository.DeadLettering> dead = new HashMap<>();
        for (OutboxRepository.DeadLettering x : r.dead()) dead.put(x.id(), x);
        List<RequestTrace.Item> items = new ArrayList<>();
        for (BatchItem bi : r.batch().items()) {
            for (long id : bi.sourceIds()) {
                OutboxItem o = r.claimed().get(id);
                if (o == null) continue;
                String verdict;
                String error = null;
                if (delivered.contains(id)) verdict = "delivered";
                else if (dead.containsKey(id)) {
                    verdict = "dead";
                    OutboxRepository.DeadLettering d = dead.get(id);
                    error = d.reason().name().toLowerCase() + (d.failure() == null || d.failure().text() == null ? "" : ": " + d.failure().text());
                } else if (retries.containsKey(id)) {
                    verdict = "retry";
                    OutboxRepository.Retry x = retries.get(id);
                    error = x.error() + " (next attempt " + x.dueAt() + ")";
                } else verdict = "unsent";
                items.add(new RequestTrace.Item(id, o.idempotencyKey(), o.personKey(), o.keyValue(), o.attempts(), verdict, error));
            }
        }
        traces.add(new RequestTrace(traces.nextId(), r.at(), r.batch().account(), r.batch().op(), r.batch().keyField(),
                r.batch().target(), r.outcome(), List.copyOf(items), List.copyOf(r.exchanges())));
    }
}
