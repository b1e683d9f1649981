package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.datamap.FieldType;
import io.emarsysdest.core.datamap.InMemoryFieldCatalog;
import io.emarsysdest.core.datamap.StandardFields;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CachedFieldCatalogTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    final InstantSource clock = () -> now.get();
    final FieldCatalog account = new InMemoryFieldCatalog(List.of(new Field("3", "E-mail", "email", FieldType.LONGTEXT)));
    final AtomicInteger fetches = new AtomicInteger();
    boolean failing;

    final CachedFieldCatalog catalog = new CachedFieldCatalog(() -> {
        fetches.incrementAndGet();
        if (failing) throw new IllegalStateException("Emarsys down");
        return account;
    }, Duration.ofMinutes(10), clock, StandardFields.catalog());

    @Test
    void fetches_once_per_max_age() {
        assertThat(catalog.get()).isSameAs(account);
        now.set(now.get().plusSeconds(300));
        catalog.get();
        assertThat(fetches.get()).isEqualTo(1);
        now.set(now.get().plusSeconds(300));
        catalog.get();
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void a_failed_fetch_keeps_the_fallback_then_the_last_good_copy() {
        failing = true;
        assertThat(catalog.get()).isSameAs(StandardFields.catalog());
        assertThat(catalog.fetchedAt()).isNull();
        failing = false;
        assertThat(catalog.refresh()).isSameAs(account);
        failing = true;
        now.set(now.get().plus(Duration.ofHours(1)));
        assertThat(catalog.get()).isSameAs(account);
    }
}
