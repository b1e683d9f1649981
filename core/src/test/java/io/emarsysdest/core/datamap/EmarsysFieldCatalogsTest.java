package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import io.emarsysdest.core.validation.Problem;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class EmarsysFieldCatalogsTest {
    static final String FIELDS = """
            {"replyCode":0,"replyText":"OK","data":[
              {"id":0,"name":"Interests","application_type":"interests","string_id":"interests"},
              {"id":1,"name":"First Name","application_type":"shorttext","string_id":"first_name"},
              {"id":3,"name":"E-mail","application_type":"longtext","string_id":"email"},
              {"id":"5","name":"Gender","application_type":"singlechoice","string_id":"gender"},
              {"id":14,"name":"Country or region","application_type":"singlechoice","string_id":"country"},
              {"id":28,"name":"Page views per day","application_type":"numeric","string_id":"page_views"},
              {"id":31,"name":"Opt-in","application_type":"special","string_id":"optin"},
              {"id":7123,"name":"Loyalty Tier","application_type":"singlechoice","string_id":""},
              {"id":7124,"name":"Hobbies","application_type":"multichoice","string_id":"hobbies"},
              {"name":"no id"}]}""";
    static final String GENDER = "{\"data\":[{\"id\":\"1\",\"choice\":\"Male\",\"bit_position\":\"1\"},{\"id\":2,\"choice\":\"Female\"}]}";
    static final String COUNTRY = "{\"data\":[{\"id\":\"65\",\"choice\":\"Germany\"},{\"id\":\"184\",\"choice\":\"United States\"}]}";
    static final String TIER = "{\"data\":[{\"id\":\"9\",\"choice\":\"Gold\"}]}";
    static final String MULTI = """
            {"replyCode":0,"data":{"0":[{"id":"3","choice":"Sports","bit_position":"0"}],
                                   "7124":[{"id":"11","choice":"Chess","bit_position":"0"},{"id":"12","choice":"Golf","bit_position":"1"}]}}""";

    /** Answers as a strict Emarsys does: the single-choice endpoint refuses multichoice fields with 2006. */
    static class StrictEmarsys implements EmarsysFieldCatalogs.ChoiceSource {
        final List<String> singleAsked = new ArrayList<>();
        final List<List<String>> multiAsked = new ArrayList<>();
        Set<String> refusedSingle = Set.of();
        Set<String> refusedMulti = Set.of();

        @Override
        public JsonNode singleChoice(String fieldId) {
            singleAsked.add(fieldId);
            if (refusedSingle.contains(fieldId) || Set.of("0", "7124").contains(fieldId)) {
                throw new IllegalStateException("GET field/" + fieldId + "/choice answered HTTP 400 replyCode 2006");
            }
            return TestEvents.json(switch (fieldId) {
                case "5" -> GENDER;
                case "14" -> COUNTRY;
                case "7123" -> TIER;
                default -> throw new IllegalStateException("not a choice field: " + fieldId);
            });
        }

        @Override
        public JsonNode multiChoice(List<String> fieldIds) {
            multiAsked.add(fieldIds);
            for (String id : fieldIds) {
                if (refusedMulti.contains(id)) throw new IllegalStateException("GET field/choices answered HTTP 400 replyCode 2006 for " + id);
            }
            return TestEvents.json(MULTI);
        }
    }

    @Test
    void fields_types_read_only_flags_and_choices_come_from_their_own_endpoints() {
        StrictEmarsys emarsys = new StrictEmarsys();
        FieldCatalogLoad load = EmarsysFieldCatalogs.load(TestEvents.json(FIELDS), emarsys);
        FieldCatalog c = load.catalog();

        assertThat(load.problems()).isEmpty();
        assertThat(emarsys.singleAsked).containsExactly("5", "14", "7123");
        assertThat(emarsys.multiAsked).containsExactly(List.of("0", "7124"));
        assertThat(c.all()).hasSize(9);
        assertThat(c.byId("0").orElseThrow().writable()).isFalse();
        assertThat(c.byId("0").orElseThrow().type()).isEqualTo(FieldType.MULTICHOICE);
        assertThat(c.byId("28").orElseThrow().writable()).isFalse();
        assertThat(c.byId("31").orElseThrow().type()).isEqualTo(FieldType.OPTIN);
        assertThat(c.byId("31").orElseThrow().writable()).isTrue();
        assertThat(c.byName("first_name").orElseThrow().id()).isEqualTo("1");
        assertThat(c.byName("loyalty tier").orElseThrow().id()).isEqualTo("7123");
        assertThat(c.byId("5").orElseThrow().choices()).containsEntry("2", "Female");
        assertThat(c.byId("7124").orElseThrow().type()).isEqualTo(FieldType.MULTICHOICE);
        assertThat(c.byId("7124").orElseThrow().choices()).containsEntry("12", "Golf");
    }

    @Test
    void a_field_whose_choices_are_refused_degrades_only_itself() {
        StrictEmarsys emarsys = new StrictEmarsys();
        emarsys.refusedSingle = Set.of("5");
        FieldCatalogLoad load = EmarsysFieldCatalogs.load(TestEvents.json(FIELDS), emarsys);

        assertThat(load.complete()).isFalse();
        assertThat(load.problems()).singleElement().satisfies(p -> {
            assertThat(p.fieldId()).isEqualTo("5");
            assertThat(p.fieldName()).isEqualTo("Gender");
            assertThat(p.message()).contains("2006");
        });
        FieldCatalog c = load.catalog();
        assertThat(c.all()).hasSize(9);
        assertThat(c.byId("5").orElseThrow().choices()).isEmpty();
        assertThat(c.byId("14").orElseThrow().choices()).containsEntry("65", "Germany");
        assertThat(c.byId("7124").orElseThrow().choices()).hasSize(2);
    }

    @Test
    void a_refused_multichoice_batch_is_asked_field_by_field_so_only_the_refused_field_degrades() {
        StrictEmarsys emarsys = new StrictEmarsys();
        emarsys.refusedMulti = Set.of("0");
        FieldCatalogLoad load = EmarsysFieldCatalogs.load(TestEvents.json(FIELDS), emarsys);

        assertThat(emarsys.multiAsked).containsExactly(List.of("0", "7124"), List.of("0"), List.of("7124"));
        assertThat(load.problems()).extracting(FieldProblem::fieldId).containsExactly("0");
        assertThat(load.catalog().byId("7124").orElseThrow().choices()).containsEntry("11", "Chess");
    }

    @Test
    void a_multichoice_field_missing_from_the_reply_is_reported() {
        StrictEmarsys emarsys = new StrictEmarsys() {
            @Override
            public JsonNode multiChoice(List<String> fieldIds) {
                return TestEvents.json("{\"data\":{\"0\":[{\"id\":\"3\",\"choice\":\"Sports\"}]}}");
            }
        };
        FieldCatalogLoad load = EmarsysFieldCatalogs.load(TestEvents.json(FIELDS), emarsys);
        assertThat(load.problems()).extracting(FieldProblem::fieldId).containsExactly("7124");
    }

    @Test
    void a_value_for_a_degraded_field_is_left_out_with_a_warning_and_the_rest_of_the_contact_is_written() {
        StrictEmarsys emarsys = new StrictEmarsys();
        emarsys.refusedSingle = Set.of("5");
        FieldCatalog c = EmarsysFieldCatalogs.load(TestEvents.json(FIELDS), emarsys).catalog();
        // a fixed label for the degraded field cannot be checked now: the map still saves
        assertThat(DataMapCompiler.validate(TestEvents.json("""
                {"id":"c","mappings":[{"from":"traits.gender","to":"Gender","values":{"f":"Female"}}]}"""), c)).isEmpty();
        CompiledDataMap m = DataMapCompiler.compile(DataMapJson.parse(TestEvents.json("""
                {"id":"c","mappings":[{"from":"traits.gender","to":"Gender"},{"from":"traits.country","to":"country"},
                                      {"from":"traits.firstName","to":"1"}]}""")).map(), c);
        assertThat(m.problems()).isEmpty();

        MapResult r = m.evaluate(TestEvents.event("""
                {"type":"identify","userId":"u","traits":{"gender":"Female","country":"DE","firstName":"Ann"}}"""), null, "a@b.c");

        assertThat(r.fields().has("5")).isFalse();
        assertThat(r.fields().get("14").asInt()).isEqualTo(65);
        assertThat(r.fields().get("1").asText()).isEqualTo("Ann");
        assertThat(r.warnings()).extracting(Problem::code).containsExactly("choices_unavailable");
    }

    @Test
    void the_fallback_catalog_has_the_system_fields_but_invents_no_choice_ids() {
        FieldCatalog fallback = StandardFields.fallbackCatalog();
        assertThat(fallback.byId("14").orElseThrow().type()).isEqualTo(FieldType.SINGLECHOICE);
        assertThat(fallback.all()).allSatisfy(f -> assertThat(f.choices()).isEmpty());
        MapResult r = DataMapCompiler.compile(DefaultDataMap.map(), fallback).evaluate(TestEvents.event("""
                {"type":"identify","userId":"u","traits":{"email":"a@b.c","address":{"country":"DE"}}}"""), null, "a@b.c");
        assertThat(r.fields().has("14")).isFalse();
        assertThat(r.fields().get("3").asText()).isEqualTo("a@b.c");
    }

    @Test
    void maps_compile_against_an_account_catalog_with_its_own_choice_ids() {
        FieldCatalog c = EmarsysFieldCatalogs.load(TestEvents.json(FIELDS), new StrictEmarsys()).catalog();
        CompiledDataMap m = DataMapCompiler.compile(DataMapJson.parse(TestEvents.json(
                "{\"id\":\"c\",\"mappings\":[{\"from\":\"traits.country\",\"to\":\"Country or region\"}]}")).map(), c);
        assertThat(m.problems()).isEmpty();
        MapResult r = m.evaluate(TestEvents.event("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"country\":\"US\"}}"), null, "a@b.c");
        assertThat(r.fields().get("14").asInt()).isEqualTo(184);
    }
}
