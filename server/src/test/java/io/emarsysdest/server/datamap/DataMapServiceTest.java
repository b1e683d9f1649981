package io.emarsysdest.server.datamap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceSettings;
import io.emarsysdest.core.datamap.DataMapTransactions;
import io.emarsysdest.core.datamap.InMemoryDataMapRepository;
import io.emarsysdest.core.datamap.MapResult;
import io.emarsysdest.core.datamap.StandardFields;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataMapServiceTest {
    static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");
    static final String YAML = """
            maps:
              - id: loyalty
                mappings:
                  - from: traits.nickname
                    to: First Name
                  - template: "{{traits.address.street}}, {{traits.address.city}}"
                    to: Company Address
            audiences:
              - audienceKey: vip
                list: {id: "7001"}
            """;

    final InMemoryDataMapRepository repo = new InMemoryDataMapRepository();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final DataMapService service = new DataMapService(DataMapTransactions.inMemory(repo), StandardFields::catalog,
            AudienceSettings.DEFAULT, InstantSource.fixed(NOW), meters);

    @Test
    void maps_load_from_a_yaml_config_file_and_reloading_the_same_file_changes_nothing() {
        assertThat(service.applyConfigFile(YAML, "datamaps.yaml")).hasSize(1);
        assertThat(service.current().maps()).extracting(m -> m.id()).containsExactly("default", "loyalty");
        service.applyConfigFile(YAML, "datamaps.yml");
        assertThat(repo.versions("loyalty")).hasSize(1);
        assertThat(repo.audienceMappings()).hasSize(1);
    }

    @Test
    void a_json_config_file_works_too_and_bad_content_reports_every_problem() {
        assertThat(service.applyConfigFile("{\"maps\":[{\"id\":\"j\",\"mappings\":[{\"from\":\"traits.a\",\"to\":\"1\"}]}]}", "c.json")).hasSize(1);
        assertThatThrownBy(() -> service.applyConfigFile("maps: [ {id: x, mappings: [{from: trait.a, to: Nope}]} ]", "c.yaml"))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems()).extracting(Problem::path)
                        .containsExactly("maps[0].mappings[0].from", "maps[0].mappings[0].to"));
        assertThatThrownBy(() -> service.applyConfigFile("maps: [", "c.yaml")).isInstanceOf(ValidationException.class);
    }

    @Test
    void evaluate_uses_the_running_maps_and_counts_outcomes() throws Exception {
        service.applyConfigFile(YAML, "datamaps.yaml");
        ObjectNode body = (ObjectNode) new ObjectMapper().readTree("""
                {"type":"identify","userId":"u","traits":{"email":"a@b.c","nickname":"Zed","gender":"alien","vip":true}}""");
        MapResult r = service.evaluate(PreviewEvents.from(body, NOW), null, null);
        assertThat(r.fields().get("1").asText()).isEqualTo("Zed");
        assertThat(r.lists()).hasSize(1);
        assertThat(meters.get("datamap_contact_upserts_total").counter().count()).isEqualTo(1.0);
        assertThat(meters.get("datamap_list_changes_total").tag("action", "add").counter().count()).isEqualTo(1.0);
        // "alien" is outside the gender value table and no choice: left out with one warning naming the table
        assertThat(meters.get("datamap_warnings_total").tag("code", "not_in_values").counter().count()).isEqualTo(1.0);
    }

    @Test
    void invalid_audience_settings_stop_the_start() {
        assertThatThrownBy(() -> new DataMapService(DataMapTransactions.inMemory(repo), StandardFields::catalog,
                new AudienceSettings(true, true, Set.of(), "Same", "Same", true), InstantSource.fixed(NOW), meters))
                .isInstanceOf(ValidationException.class);
    }
}
