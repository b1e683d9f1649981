package io.emarsysdest.testkit.datamap;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.datamap.AudienceListMapping;
import io.emarsysdest.core.datamap.DataMapRepository;
import io.emarsysdest.core.datamap.DataMapVersion;
import io.emarsysdest.core.datamap.ListTarget;
import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What every {@link DataMapRepository} must do. Extend it with the adapter under test; {@link #repository()} returns
 * an empty repository (for JDBC: over an open transaction on a freshly migrated database).
 */
public abstract class DataMapRepositoryContract {
    protected static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    protected static final Instant T1 = T0.plusSeconds(60);
    protected static final Instant T2 = T0.plusSeconds(120);
    private static final ObjectMapper JSON = new ObjectMapper();

    protected abstract DataMapRepository repository();

    protected static ObjectNode definition(String id, String firstNamePath) {
        ObjectNode o = JSON.createObjectNode();
        o.put("id", id);
        o.putArray("mappings").addObject().put("from", firstNamePath).put("to", "1");
        return o;
    }

    @Test
    void a_new_map_has_one_draft_version_that_is_not_running() {
        DataMapRepository repo = repository();
        repo.insert("crm", 1, definition("crm", "traits.firstName"), T0);
        assertThat(repo.mapIds()).containsExactly("crm");
        DataMapVersion v = repo.version("crm", 1).orElseThrow();
        assertThat(v.status()).isEqualTo(DataMapVersion.Status.DRAFT);
        assertThat(v.current()).isFalse();
        assertThat(v.definition()).isEqualTo(definition("crm", "traits.firstName"));
        assertThat(v.createdAt()).isEqualTo(T0);
        assertThat(v.publishedAt()).isNull();
        assertThat(repo.current()).isEmpty();
    }

    @Test
    void drafts_can_be_updated_published_versions_cannot() {
        DataMapRepository repo = repository();
        repo.insert("crm", 1, definition("crm", "traits.firstName"), T0);
        assertThat(repo.updateDraft("crm", 1, definition("crm", "traits.first_name"), T1)).isTrue();
        assertThat(repo.version("crm", 1).orElseThrow().updatedAt()).isEqualTo(T1);
        repo.publish("crm", 1, T1);
        assertThat(repo.updateDraft("crm", 1, definition("crm", "traits.other"), T2)).isFalse();
        DataMapVersion v = repo.version("crm", 1).orElseThrow();
        assertThat(v.definition()).isEqualTo(definition("crm", "traits.first_name"));
        assertThat(v.status()).isEqualTo(DataMapVersion.Status.PUBLISHED);
        assertThat(v.publishedAt()).isEqualTo(T1);
        assertThat(v.current()).isTrue();
    }

    @Test
    void publishing_moves_the_pointer_and_keeps_the_first_publish_time() {
        DataMapRepository repo = repository();
        repo.insert("crm", 1, definition("crm", "traits.a"), T0);
        repo.publish("crm", 1, T0);
        repo.insert("crm", 2, definition("crm", "traits.b"), T1);
        repo.publish("crm", 2, T1);
        assertThat(repo.current()).extracting(DataMapVersion::version).containsExactly(2);
        repo.publish("crm", 1, T2);
        assertThat(repo.versions("crm")).extracting(DataMapVersion::version, DataMapVersion::current)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, true), org.assertj.core.groups.Tuple.tuple(2, false));
        assertThat(repo.version("crm", 1).orElseThrow().publishedAt()).isEqualTo(T0);
        assertThatThrownBy(() -> repo.publish("crm", 7, T2)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void unpublishing_stops_the_map_and_keeps_its_versions() {
        DataMapRepository repo = repository();
        repo.insert("crm", 1, definition("crm", "traits.a"), T0);
        repo.publish("crm", 1, T0);
        repo.unpublish("crm", T1);
        assertThat(repo.current()).isEmpty();
        assertThat(repo.versions("crm")).hasSize(1);
    }

    @Test
    void current_lists_the_running_version_of_each_map() {
        DataMapRepository repo = repository();
        repo.insert("b", 1, definition("b", "traits.a"), T0);
        repo.insert("a", 1, definition("a", "traits.a"), T0);
        repo.insert("c", 1, definition("c", "traits.a"), T0);
        repo.publish("b", 1, T0);
        repo.publish("a", 1, T0);
        assertThat(repo.current()).extracting(DataMapVersion::mapId).containsExactly("a", "b");
        assertThat(repo.mapIds()).containsExactly("a", "b", "c");
        assertThat(repo.versions("none")).isEmpty();
        assertThat(repo.version("none", 1)).isEmpty();
    }

    @Test
    void audience_mappings_are_created_replaced_and_deleted() {
        DataMapRepository repo = repository();
        repo.putAudienceMapping(new AudienceListMapping("vip", new ListTarget.ById("7001"), true), T0);
        repo.putAudienceMapping(new AudienceListMapping("churn", null, true), T0);
        repo.putAudienceMapping(new AudienceListMapping("vip", new ListTarget.ByName("VIP customers"), false), T1);
        assertThat(repo.audienceMappings()).containsExactly(
                new AudienceListMapping("churn", null, true),
                new AudienceListMapping("vip", new ListTarget.ByName("VIP customers"), false));
        assertThat(repo.audienceMapping("vip")).contains(new AudienceListMapping("vip", new ListTarget.ByName("VIP customers"), false));
        assertThat(repo.deleteAudienceMapping("vip")).isTrue();
        assertThat(repo.deleteAudienceMapping("vip")).isFalse();
        assertThat(repo.audienceMapping("vip")).isEmpty();
    }
}
