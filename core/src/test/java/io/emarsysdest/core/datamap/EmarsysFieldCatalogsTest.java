package io.emarsysdest.core.datamap;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

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

    @Test
    void fields_types_read_only_flags_and_choices_come_from_the_replies() {
        List<String> asked = new ArrayList<>();
        FieldCatalog c = EmarsysFieldCatalogs.fromReplies(TestEvents.json(FIELDS), id -> {
            asked.add(id);
            return switch (id) {
                case "5" -> TestEvents.json("{\"data\":[{\"id\":\"1\",\"choice\":\"Male\",\"bit_position\":\"1\"},{\"id\":2,\"choice\":\"Female\"}]}");
                case "14" -> TestEvents.json("{\"data\":[{\"id\":\"65\",\"choice\":\"Germany\"},{\"id\":\"184\",\"choice\":\"United States\"}]}");
                default -> null;
            };
        });
        assertThat(asked).containsExactly("5", "14", "7123", "7124");
        assertThat(c.all()).hasSize(9);
        assertThat(c.byId("0").orElseThrow().writable()).isFalse();
        assertThat(c.byId("28").orElseThrow().writable()).isFalse();
        assertThat(c.byId("31").orElseThrow().type()).isEqualTo(FieldType.OPTIN);
        assertThat(c.byId("31").orElseThrow().writable()).isTrue();
        assertThat(c.byName("first_name").orElseThrow().id()).isEqualTo("1");
        assertThat(c.byName("loyalty tier").orElseThrow().id()).isEqualTo("7123");
        assertThat(c.byId("5").orElseThrow().choices()).containsEntry("2", "Female");
        assertThat(c.byId("7124").orElseThrow().type()).isEqualTo(FieldType.MULTICHOICE);
    }

    @Test
    void maps_compile_against_an_account_catalog_with_its_own_choice_ids() {
        FieldCatalog c = EmarsysFieldCatalogs.fromReplies(TestEvents.json(FIELDS), id -> id.equals("14")
                ? TestEvents.json("{\"data\":[{\"id\":\"65\",\"choice\":\"Germany\"},{\"id\":\"184\",\"choice\":\"United States\"}]}") : null);
        CompiledDataMap m = DataMapCompiler.compile(DataMapJson.parse(TestEvents.json(
                "{\"id\":\"c\",\"mappings\":[{\"from\":\"traits.country\",\"to\":\"Country or region\"}]}")).map(), c);
        assertThat(m.problems()).isEmpty();
        MapResult r = m.evaluate(TestEvents.event("{\"type\":\"identify\",\"userId\":\"u\",\"traits\":{\"country\":\"US\"}}"), null, "a@b.c");
        assertThat(r.fields().get("14").asInt()).isEqualTo(184);
    }
}
