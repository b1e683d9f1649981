package io.emarsysdest.sandbox;

import io.emarsysdest.core.datamap.StandardFields;
import io.emarsysdest.testkit.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Choice fields as a strict Emarsys serves and checks them (emarsys-api.md §6.1, §7.2). */
class SandboxFieldChoicesTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-11-23T10:00:10Z"));
    private final EmarsysSandbox sandbox = EmarsysSandbox.start(0, clock, SandboxOptions.defaults());
    private final SandboxHttp http = new SandboxHttp(sandbox, clock);

    @AfterEach
    void stop() {
        sandbox.close();
    }

    @Test
    void the_single_choice_endpoint_lists_single_choice_options_and_refuses_multichoice_fields_with_2006() throws Exception {
        var gender = http.v2("GET", "field/5/choice", null);
        assertThat(gender.status()).isEqualTo(200);
        assertThat(gender.data().get(1).get("id").asText()).isEqualTo("502");
        assertThat(gender.data().get(1).get("choice").asText()).isEqualTo("Female");

        var interests = http.v2("GET", "field/0/choice", null);
        assertThat(interests.status()).isEqualTo(400);
        assertThat(interests.replyCode()).isEqualTo(2006);
        assertThat(interests.json().path("replyText").asText()).contains("field/choices");
    }

    @Test
    void multichoice_options_come_from_field_choices_keyed_by_field_id() throws Exception {
        var r = http.v2("GET", "field/choices?fields=0&language=en", null);
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.data().path("0").get(0).get("choice").asText()).isEqualTo("Sports");

        var single = http.v2("GET", "field/choices?fields=0,5", null);
        assertThat(single.status()).isEqualTo(400);
        assertThat(single.replyCode()).isEqualTo(2006);
    }

    @Test
    void choice_ids_differ_from_every_built_in_list() {
        for (FieldDef f : FieldDef.systemFields()) {
            Set<String> builtIn = new HashSet<>(StandardFields.catalog().byId(String.valueOf(f.id())).orElseThrow().choices().keySet());
            Set<String> sandboxIds = new HashSet<>();
            f.choices().keySet().forEach(id -> sandboxIds.add(String.valueOf(id)));
            sandboxIds.retainAll(builtIn);
            assertThat(sandboxIds).as("field %s shares choice ids with StandardFields", f.id()).isEmpty();
        }
    }

    @Test
    void an_upsert_with_a_choice_id_the_field_does_not_have_gets_2007_for_that_contact_only() throws Exception {
        String germanyBuiltIn = StandardFields.catalog().byId("14").orElseThrow().choices().entrySet().stream()
                .filter(e -> e.getValue().equals("Germany")).findFirst().orElseThrow().getKey();
        var r = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":["
                + "{\"3\":\"account@x.io\",\"14\":265},"
                + "{\"3\":\"builtin@x.io\",\"14\":" + germanyBuiltIn + "},"
                + "{\"3\":\"label@x.io\",\"14\":\"Germany\"}]}");
        assertThat(r.status()).isEqualTo(200);
        var errors = r.data().path("errors");
        assertThat(errors.path("builtin@x.io").has("2007")).as(r.json().toString()).isTrue();
        assertThat(errors.path("label@x.io").has("2007")).isTrue();
        assertThat(errors.has("account@x.io")).isFalse();
        assertThat(sandbox.findContacts("3", "account@x.io")).singleElement().satisfies(c -> assertThat(c).containsEntry("14", "265"));
        assertThat(sandbox.findContacts("3", "builtin@x.io")).isEmpty();
    }

    @Test
    void a_multichoice_value_with_an_unknown_choice_id_gets_2007() throws Exception {
        Map<Integer, String> hobbies = new LinkedHashMap<>();
        hobbies.put(4711, "Chess");
        hobbies.put(4712, "Golf");
        FieldDef f = sandbox.addField("Hobbies", "multichoice", hobbies);
        var r = http.v2("PUT", "contact/?create_if_not_exists=1", "{\"key_id\":\"3\",\"contacts\":["
                + "{\"3\":\"good@x.io\",\"" + f.id() + "\":[4711,4712]},"
                + "{\"3\":\"bad@x.io\",\"" + f.id() + "\":[4711,1]}]}");
        assertThat(r.data().path("errors").path("bad@x.io").has("2007")).isTrue();
        assertThat(r.data().path("errors").has("good@x.io")).isFalse();
        assertThat(http.v2("GET", "field/choices?fields=" + f.id(), null).data().path(String.valueOf(f.id()))).hasSize(2);
    }

    @Test
    void a_field_added_in_the_user_interface_is_listed_with_its_choices() throws Exception {
        FieldDef f = sandbox.addField("Loyalty Tier", "singlechoice", Map.of(9001, "Gold"));
        var fields = http.v2("GET", "field/translate/en", null).data();
        boolean listed = false;
        for (var e : fields) listed |= e.get("id").asInt() == f.id() && e.get("application_type").asText().equals("singlechoice");
        assertThat(listed).isTrue();
        assertThat(http.v2("GET", "field/" + f.id() + "/choice", null).data().get(0).get("id").asText()).isEqualTo("9001");
    }
}
