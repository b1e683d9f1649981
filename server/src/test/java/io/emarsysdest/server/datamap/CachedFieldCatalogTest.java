package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.FieldCatalog;
import io.emarsysdest.core.datamap.FieldCatalogLoad;
import io.emarsysdest.core.datamap.FieldProblem;
import io.emarsysdest.core.datamap.FieldType;
import io.emarsysdest.core.datamap.InMemoryFieldCatalog;
import io.emarsysdest.core.datamap.StandardFields;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class CachedFieldCatalogTest {
    final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-11-23T10:00:00Z"));
    final InstantSource clock = () -> now.get();
    final Field email = new Field("3", "E-mail", "email", FieldType.LONGTEXT);
    final Field country = new Field("14", "Country", "country", FieldType.SINGLECHOICE, false, Map.of("265", "Germany"));
    final FieldCatalog account = new InMemoryFieldCatalog(List.of(email, country));
    final FieldCatalogLoad complete = new FieldCatalogLoad(account, List.of());
    final FieldCatalogLoad countryFailed = new FieldCatalogLoad(new InMemoryFieldCatalog(List.of(email, country.withChoices(Map.of()))),
            List.of(new FieldProblem("14", "Country", "GET field/14/choice answered HTTP 503")));
    final AtomicInteger fetches = new AtomicInteger();
    final AtomicReference<FieldCatalogLoad> next = new AtomicReference<>(complete);
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    final CachedFieldCatalog catalog = new CachedFieldCatalog(() -> {
        fetches.incrementAndGet();
        if (next.get() == null) throw new IllegalStateException("Emarsys down");
        return next.get();
    }, clock, StandardFields.fallbackCatalog(), meters);

    @Test
    void the_first_use_reads_the_account_and_later_uses_do_not() {
        assertThat(catalog.get()).isSameAs(account);
        catalog.get();
        assertThat(fetches.get()).isEqualTo(1);
        assertThat(catalog.status().source()).isEqualTo(CachedFieldCatalog.ACCOUNT);
        assertThat(catalog.status().fetchedAt()).isEqualTo(now.get());
    }

    @Test
    void a_failed_read_keeps_the_fallback_then_the_last_good_copy() {
        next.set(null);
        assertThat(catalog.get()).isSameAs(StandardFields.fallbackCatalog());
        assertThat(catalog.status().source()).isEqualTo(CachedFieldCatalog.FALLBACK);
        assertThat(catalog.status().lastError()).isEqualTo("Emarsys down");
        assertThat(meters.get("field_catalog_fallback").gauge().value()).isEqualTo(1.0);

        next.set(complete);
        assertThat(catalog.refresh().catalog()).isSameAs(account);
        assertThat(meters.get("field_catalog_fallback").gauge().value()).isZero();

        next.set(null);
        CachedFieldCatalog.Status s = catalog.refresh();
        assertThat(s.catalog()).isSameAs(account);
        assertThat(s.source()).isEqualTo(CachedFieldCatalog.ACCOUNT);
        assertThat(s.lastError()).isEqualTo("Emarsys down");
    }

    @Test
    void a_field_without_choices_makes_the_catalog_partial_and_is_counted() {
        next.set(countryFailed);
        CachedFieldCatalog.Status s = catalog.refresh();

        assertThat(s.source()).isEqualTo(CachedFieldCatalog.PARTIAL);
        assertThat(s.catalog().byId("3")).isPresent();
        assertThat(s.catalog().byId("14").orElseThrow().choices()).isEmpty();
        assertThat(s.problemOf("14").orElseThrow().message()).contains("HTTP 503").contains("left out");
        assertThat(meters.get("field_catalog_failed_fields").gauge().value()).isEqualTo(1.0);
        assertThat(meters.get("field_catalog_field_failures_total").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("field_catalog_reads_total").tag("outcome", "partial").counter().count()).isEqualTo(1.0);
    }

    @Test
    void a_field_that_fails_after_a_good_read_keeps_its_earlier_choices() {
        catalog.refresh();
        next.set(countryFailed);
        CachedFieldCatalog.Status s = catalog.refresh();

        assertThat(s.source()).isEqualTo(CachedFieldCatalog.PARTIAL);
        assertThat(s.catalog().byId("14").orElseThrow().choices()).containsEntry("265", "Germany");
        assertThat(s.problemOf("14").orElseThrow().message()).contains("choices of the previous read");

        next.set(complete);
        assertThat(catalog.refresh().problems()).isEmpty();
        assertThat(meters.get("field_catalog_failed_fields").gauge().value()).isZero();
    }
}
