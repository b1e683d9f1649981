package io.emarsysdest.server.datamap;

import io.emarsysdest.core.datamap.AudienceSettings;
import io.emarsysdest.core.datamap.DataMapSet;
import io.emarsysdest.core.datamap.DataMapTransactions;
import io.emarsysdest.core.datamap.Field;
import io.emarsysdest.core.datamap.FieldCatalogLoad;
import io.emarsysdest.core.datamap.FieldProblem;
import io.emarsysdest.core.datamap.FieldType;
import io.emarsysdest.core.datamap.InMemoryDataMapRepository;
import io.emarsysdest.core.datamap.InMemoryFieldCatalog;
import io.emarsysdest.core.datamap.StandardFields;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class FieldCatalogRefresherTest {
    final Field email = new Field("3", "E-mail", "email", FieldType.LONGTEXT);
    final AtomicReference<FieldCatalogLoad> next = new AtomicReference<>(new FieldCatalogLoad(new InMemoryFieldCatalog(List.of(email)), List.of()));
    final CachedFieldCatalog catalog = new CachedFieldCatalog(next::get, InstantSource.system(), StandardFields.fallbackCatalog(), new SimpleMeterRegistry());
    final DataMapService maps = new DataMapService(DataMapTransactions.inMemory(new InMemoryDataMapRepository()), catalog,
            AudienceSettings.DEFAULT, InstantSource.system(), new SimpleMeterRegistry());

    @Test
    void a_field_created_in_emarsys_is_picked_up_by_the_periodic_read_and_the_maps_are_recompiled() throws Exception {
        DataMapSet before = maps.current();
        assertThat(maps.catalog().byName("Loyalty Tier")).isEmpty();
        next.set(new FieldCatalogLoad(new InMemoryFieldCatalog(List.of(email, new Field("7001", "Loyalty Tier", null, FieldType.SHORTTEXT))), List.of()));

        try (FieldCatalogRefresher refresher = new FieldCatalogRefresher(catalog, maps, Duration.ofMillis(20)).start()) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (maps.catalog().byName("Loyalty Tier").isEmpty() || maps.current() == before) {
                assertThat(System.nanoTime()).as("refreshed within 10 s").isLessThan(deadline);
                Thread.sleep(10);
            }
        }
        assertThat(maps.catalog().byName("Loyalty Tier").orElseThrow().id()).isEqualTo("7001");
    }

    @Test
    void an_unchanged_catalog_does_not_recompile_the_maps() {
        FieldCatalogRefresher refresher = new FieldCatalogRefresher(catalog, maps, Duration.ofMinutes(10));
        DataMapSet before = maps.current();
        next.set(new FieldCatalogLoad(new InMemoryFieldCatalog(List.of(email)), List.of())); // a new read, same fields
        refresher.refreshNow();
        assertThat(maps.current()).isSameAs(before);
    }

    @Test
    void an_incomplete_catalog_is_read_again_within_a_minute() {
        FieldCatalogRefresher refresher = new FieldCatalogRefresher(catalog, maps, Duration.ofMinutes(10));
        assertThat(refresher.nextDelay()).isEqualTo(Duration.ofMinutes(10));
        next.set(new FieldCatalogLoad(new InMemoryFieldCatalog(List.of(email)), List.of(new FieldProblem("5", "Gender", "HTTP 503"))));
        refresher.refreshNow();
        assertThat(refresher.nextDelay()).isEqualTo(Duration.ofMinutes(1));
        next.set(null); // the field list cannot be read
        refresher.refreshNow();
        assertThat(refresher.nextDelay()).isEqualTo(Duration.ofMinutes(1));
    }
}
