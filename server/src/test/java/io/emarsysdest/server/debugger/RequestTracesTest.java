package io.emarsysdest.server.debugger;

import io.emarsysdest.core.delivery.Operation;
import io.emarsysdest.emarsys.Exchange;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RequestTracesTest {
    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");

    static RequestTrace request(RequestTraces store, String idempotencyKey, String personKey, int bodyBytes) {
        Exchange e = new Exchange(T, "contact.upsert", "PUT", "contact/", "x".repeat(bodyBytes).getBytes(StandardCharsets.UTF_8),
                200, 0, "OK", "{}", null, 1_000_000);
        return new RequestTrace(store.nextId(), T, "main", Operation.CONTACT_UPSERT, "3", null, "delivered",
                List.of(new RequestTrace.Item(1, idempotencyKey, personKey, "a@example.com", 0, "delivered", null)), List.of(e));
    }

    @Test
    void keepsAtMostCapacityRequestsOldestGoingFirst() {
        RequestTraces store = new RequestTraces(2, Long.MAX_VALUE);
        store.add(request(store, "k1", "p1", 10));
        store.add(request(store, "k2", "p1", 10));
        store.add(request(store, "k3", "p1", 10));
        assertThat(store.size()).isEqualTo(2);
        assertThat(store.carrying(Set.of("k1"))).isEmpty();
        assertThat(store.carrying(Set.of("k2", "k3"))).extracting(RequestTrace::id).containsExactly(2L, 3L);
    }

    @Test
    void keepsTheBodiesWithinTheByteBoundButAlwaysTheNewestRequest() {
        RequestTraces store = new RequestTraces(100, 10_000);
        for (int i = 0; i < 10; i++) store.add(request(store, "k" + i, "p1", 3_000));
        assertThat(store.size()).isEqualTo(3);
        store.add(request(store, "huge", "p1", 50_000));
        assertThat(store.size()).isEqualTo(1);
        assertThat(store.carrying(Set.of("huge"))).hasSize(1);
    }

    @Test
    void findsAPersonsRequestsNewestFirst() {
        RequestTraces store = new RequestTraces(100, Long.MAX_VALUE);
        store.add(request(store, "a", "p1", 1));
        store.add(request(store, "b", "p2", 1));
        store.add(request(store, "c", "p1", 1));
        assertThat(store.ofPersons(Set.of("p1"), 10)).extracting(RequestTrace::id).containsExactly(3L, 1L);
        assertThat(store.ofPersons(Set.of("p1", "p2"), 2)).extracting(RequestTrace::id).containsExactly(3L, 2L);
        assertThat(store.carrying(Set.of())).isEmpty();
    }

    @Test
    void aPrivacyDeletionForgetsEveryRequestThatCarriedThePerson() {
        RequestTraces store = new RequestTraces(100, 10_000);
        store.add(request(store, "a", "p1", 3_000));
        store.add(request(store, "b", "p2", 3_000));
        store.add(request(store, "c", "p1", 3_000));
        assertThat(store.forget(Set.of("p1"))).isEqualTo(2);
        assertThat(store.ofPersons(Set.of("p1", "p2"), 10)).extracting(RequestTrace::id).containsExactly(2L);
        // the bytes of the forgotten bodies are free again
        store.add(request(store, "d", "p3", 3_000));
        store.add(request(store, "e", "p3", 3_000));
        assertThat(store.size()).isEqualTo(3);
    }
}
