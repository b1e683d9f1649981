package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.core.validation.ValidationException;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.NoSuchElementException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DataMapVersionsTest {
    static final Instant T0 = Instant.parse("2026-11-23T10:00:00Z");
    static final Instant T1 = T0.plusSeconds(60);
    static final Instant T2 = T0.plusSeconds(120);

    final InMemoryDataMapRepository repo = new InMemoryDataMapRepository();
    final DataMapVersions versions = new DataMapVersions(repo, StandardFields.catalog());

    static ObjectNode map(String firstNameSource) {
        return TestEvents.json("""
                {"id":"crm","mappings":[{"from":"traits.email","to":"3"},{"from":"%s","to":"First Name"}]}""".formatted(firstNameSource));
    }

    @Test
    void saving_twice_edits_the_same_draft() {
        DataMapVersion a = versions.saveDraft(map("traits.firstName"), T0);
        DataMapVersion b = versions.saveDraft(map("traits.first_name"), T1);
        assertThat(a.version()).isEqualTo(1);
        assertThat(b.version()).isEqualTo(1);
        assertThat(b.status()).isEqualTo(DataMapVersion.Status.DRAFT);
        assertThat(b.createdAt()).isEqualTo(T0);
        assertThat(b.updatedAt()).isEqualTo(T1);
        assertThat(versions.history("crm")).hasSize(1);
        assertThat(b.map().mappings().get(1).source()).isEqualTo(new Source.Paths(List.of("traits.first_name")));
    }

    @Test
    void a_published_version_never_changes_an_edit_starts_a_new_draft() {
        versions.saveDraft(map("traits.firstName"), T0);
        DataMapVersion published = versions.publish("crm", 1, T1);
        assertThat(published.status()).isEqualTo(DataMapVersion.Status.PUBLISHED);
        assertThat(published.current()).isTrue();
        assertThat(published.publishedAt()).isEqualTo(T1);

        DataMapVersion draft = versions.saveDraft(map("traits.first_name"), T2);
        assertThat(draft.version()).isEqualTo(2);
        assertThat(repo.updateDraft("crm", 1, map("traits.other"), T2)).isFalse();
        assertThat(repo.version("crm", 1).orElseThrow().definition()).isEqualTo(published.definition());
        assertThat(versions.running("crm").orElseThrow().version()).isEqualTo(1);
    }

    @Test
    void publishing_moves_the_running_version_and_keeps_history_for_rollback() {
        versions.saveDraft(map("traits.firstName"), T0);
        versions.publish("crm", 1, T0);
        versions.saveDraft(map("traits.first_name"), T1);
        versions.publish("crm", 2, T1);
        assertThat(versions.running("crm").orElseThrow().version()).isEqualTo(2);
        versions.publish("crm", 1, T2); // rollback
        assertThat(versions.history("crm")).extracting(DataMapVersion::version, DataMapVersion::current)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, true), org.assertj.core.groups.Tuple.tuple(2, false));
        assertThat(versions.history("crm").get(0).publishedAt()).isEqualTo(T0);
    }

    @Test
    void saving_an_invalid_map_stores_nothing_and_reports_every_problem() {
        ObjectNode bad = TestEvents.json("""
                {"id":"crm","mappings":[{"from":"trait.email","to":"3"},{"from":"traits.firstName","to":"Frist Name"}]}""");
        assertThatThrownBy(() -> versions.saveDraft(bad, T0))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("mappings[0].from", "mappings[1].to"));
        assertThat(versions.history("crm")).isEmpty();
    }

    @Test
    void publishing_revalidates_against_the_current_catalog() {
        versions.saveDraft(map("traits.firstName"), T0);
        FieldCatalog withoutFirstName = new InMemoryFieldCatalog(
                StandardFields.catalog().all().stream().filter(f -> !f.id().equals("1")).toList());
        DataMapVersions later = new DataMapVersions(repo, withoutFirstName);
        assertThatThrownBy(() -> later.publish("crm", 1, T1)).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> later.publish("crm", 9, T1)).isInstanceOf(NoSuchElementException.class);
    }

    @Test
    void the_built_in_default_map_is_listed_and_found_until_one_is_saved() {
        assertThat(versions.mapIds()).containsExactly("default");
        assertThat(versions.find("default", null)).contains(DefaultDataMap.map());
        assertThat(versions.find("nope", null)).isEmpty();
    }

    @Test
    void the_default_map_exports_as_valid_json_that_can_replace_it() {
        ObjectNode json = DataMapJson.write(DefaultDataMap.map());
        assertThat(DataMapCompiler.validate(json, StandardFields.catalog())).isEmpty();
        json.put("enabled", false);
        versions.saveAndPublish(json, T0);
        DataMapSet set = versions.assemble(AudienceSettings.DEFAULT);
        MapResult r = set.evaluate(TestEvents.event("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"a@b.c\"}}"), null, null);
        assertThat(r.fields().isEmpty()).isTrue();
    }

    @Test
    void assemble_runs_published_maps_after_the_default_one() {
        versions.saveDraft(TestEvents.json("""
                {"id":"nick","mappings":[{"from":"traits.nickname","to":"1"}]}"""), T0);
        DataMapSet before = versions.assemble(AudienceSettings.DEFAULT);
        versions.publish("nick", 1, T0);
        DataMapSet after = versions.assemble(AudienceSettings.DEFAULT);
        var event = TestEvents.event("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"email\":\"a@b.c\",\"firstName\":\"Ann\",\"nickname\":\"Annie\"}}");
        assertThat(before.evaluate(event, null, null).fields().get("1").asText()).isEqualTo("Ann");
        assertThat(after.evaluate(event, null, null).fields().get("1").asText()).isEqualTo("Annie");
    }

    @Test
    void preview_shows_what_a_draft_would_produce() {
        versions.saveDraft(map("properties.alias"), T0);
        DataMap draft = versions.find("crm", 1).orElseThrow();
        MapResult r = versions.preview(draft, TestEvents.event("""
                {"type":"track","event":"Signed Up","userId":"u","traits":{"email":"a@b.c"},"properties":{"alias":"Zed"}}"""), null, null);
        assertThat(r.fields()).isEqualTo(TestEvents.json("{\"1\":\"Zed\",\"3\":\"a@b.c\"}"));
    }

    @Test
    void import_checks_everything_first_then_stores_and_export_gives_it_back() {
        ObjectNode bundle = TestEvents.json("""
                {"format":"emarsys-destination/datamaps","maps":[
                   {"id":"crm","mappings":[{"from":"traits.firstName","to":"1"}]},
                   {"id":"bad","mappings":[{"from":"traits.x","to":"Nope"}]}],
                 "audiences":[{"audienceKey":"vip","list":{"id":"7001"}}]}""");
        assertThatThrownBy(() -> versions.importBundle(bundle, true, T0))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.problems())
                        .extracting(Problem::path).containsExactly("maps[1].mappings[0].to"));
        assertThat(repo.mapIds()).isEmpty();

        bundle.withArray("maps").remove(1);
        List<DataMapVersion> stored = versions.importBundle(bundle, true, T0);
        assertThat(stored).extracting(DataMapVersion::current).containsExactly(true);
        assertThat(repo.audienceMappings()).containsExactly(new AudienceListMapping("vip", new ListTarget.ById("7001"), true));

        ObjectNode exported = versions.export().write();
        InMemoryDataMapRepository other = new InMemoryDataMapRepository();
        new DataMapVersions(other, StandardFields.catalog()).importBundle(exported, true, T1);
        assertThat(other.current().get(0).definition()).isEqualTo(repo.current().get(0).definition());
        assertThat(other.audienceMappings()).isEqualTo(repo.audienceMappings());
    }

    @Test
    void loading_the_same_config_again_publishes_nothing_new() {
        ObjectNode m = map("traits.firstName");
        DataMapVersion first = versions.saveAndPublish(m, T0);
        DataMapVersion again = versions.saveAndPublish(m, T1);
        assertThat(again.version()).isEqualTo(first.version());
        assertThat(versions.history("crm")).hasSize(1);
        DataMapVersion changed = versions.saveAndPublish(map("traits.first_name"), T2);
        assertThat(changed.version()).isEqualTo(2);
    }
}
