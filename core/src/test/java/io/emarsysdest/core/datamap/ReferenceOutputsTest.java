package io.emarsysdest.core.datamap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * segment-spec.md §6: the representative events of §6.1, through the default map plus the reference group mapping,
 * give the request bodies of §6.2 (built here the way delivery builds them: upserts by key field, list calls by list).
 * The track's trigger body is the rules' output, not the data maps'; here it must only resolve the key and upsert nothing.
 */
class ReferenceOutputsTest {
    static final String IDENTIFY = """
            {"type":"identify","messageId":"msg-identify-00001","userId":"user-00001","anonymousId":"anon-00001",
             "timestamp":"2026-01-15T10:00:00.000Z","traits":{"email":"jane.doe+00001@example.com","firstName":"Jane","lastName":"Doe1"},
             "context":{"library":{"name":"analytics-java","version":"3.5.4"}},"integrations":{}}""";
    static final String TRACK = """
            {"type":"track","event":"Order Completed","messageId":"msg-track-00002","userId":"user-00002","anonymousId":"anon-00002",
             "timestamp":"2026-01-15T10:00:00.000Z","properties":{"order_id":"ord-00002","revenue":42.5,"currency":"EUR",
             "data":{"order_id":"ord-00002","total":"42.50"}},"context":{"traits":{"email":"jane.doe+00002@example.com"},
             "library":{"name":"analytics-java","version":"3.5.4"}},"integrations":{}}""";
    static final String GROUP = """
            {"type":"group","groupId":"555","messageId":"msg-group-00003","userId":"user-00003","anonymousId":"anon-00003",
             "timestamp":"2026-01-15T10:00:00.000Z","traits":{"name":"Newsletter"},"context":{"traits":{"email":"jane.doe+00003@example.com"},
             "library":{"name":"analytics-java","version":"3.5.4"}},"integrations":{}}""";
    static final String UNSUBSCRIBE = """
            {"type":"track","event":"Newsletter Unsubscribed","messageId":"msg-track-00004","userId":"user-00004",
             "timestamp":"2026-01-15T10:00:00.000Z","context":{"traits":{"email":"jane.doe+00004@example.com"}}}""";

    /** The reference mapping of §6.1 beyond the default map: group → list groupId, unsubscribe → remove from 555. */
    static final String GROUP_MAP = """
            {"id":"groups","appliesTo":{"types":["group","track"]},
             "mappings":[{"from":"context.traits.email","to":"3","appliesTo":{"types":["group"]}}],
             "lists":[{"listFrom":"groupId","action":"add","appliesTo":{"types":["group"]}},
                      {"list":"555","action":"remove","appliesTo":{"types":["track"],"events":["Newsletter Unsubscribed"]}}]}""";

    final DataMapSet maps = DataMapSet.assemble(List.of(DataMapJson.parse(TestEvents.json(GROUP_MAP)).map()),
            StandardFields.catalog(), AudienceSync.defaults(List.of()));

    MapResult run(String event) {
        return maps.evaluate(TestEvents.event(event), null, null);
    }

    static ObjectNode upsertBody(MapResult... results) {
        ObjectNode body = TestEvents.JSON.createObjectNode();
        body.put("key_id", results[0].keyField());
        for (MapResult r : results) body.withArray("contacts").add(r.fields());
        return body;
    }

    static ObjectNode listBody(MapResult... results) {
        ObjectNode body = TestEvents.JSON.createObjectNode();
        body.put("key_id", results[0].keyField());
        for (MapResult r : results) body.withArray("external_ids").add(r.keyValue());
        return body;
    }

    @Test
    void identify_gives_the_reference_upsert() {
        MapResult r = run(IDENTIFY);
        assertThat(r.hasContactUpdate()).isTrue();
        assertThat(r.warnings()).isEmpty();
        assertThat(upsertBody(r)).isEqualTo(TestEvents.json(
                "{\"key_id\":\"3\",\"contacts\":[{\"1\":\"Jane\",\"2\":\"Doe1\",\"3\":\"jane.doe+00001@example.com\"}]}"));
        // same field order as the reference, too
        assertThat(r.fields().toString()).isEqualTo("{\"1\":\"Jane\",\"2\":\"Doe1\",\"3\":\"jane.doe+00001@example.com\"}");
    }

    @Test
    void track_resolves_the_external_id_and_upserts_nothing() {
        MapResult r = run(TRACK);
        assertThat(r.keyValue()).isEqualTo("jane.doe+00002@example.com");
        assertThat(r.hasContactUpdate()).isFalse();
        assertThat(r.lists()).isEmpty();
    }

    @Test
    void group_gives_the_reference_list_add() {
        MapResult r = run(GROUP);
        assertThat(r.hasContactUpdate()).isFalse();
        assertThat(r.lists()).containsExactly(new ListChange(new ListTarget.ById("555"), true, "map:groups:lists[0]"));
        assertThat(listBody(r)).isEqualTo(TestEvents.json("{\"key_id\":\"3\",\"external_ids\":[\"jane.doe+00003@example.com\"]}"));
    }

    @Test
    void unsubscribe_gives_the_reference_list_delete_without_the_stray_contactlistid() {
        MapResult r = run(UNSUBSCRIBE);
        assertThat(r.lists()).containsExactly(new ListChange(new ListTarget.ById("555"), false, "map:groups:lists[1]"));
        assertThat(listBody(r)).isEqualTo(TestEvents.json("{\"key_id\":\"3\",\"external_ids\":[\"jane.doe+00004@example.com\"]}"));
    }

    @Test
    void batch_mode_appends_contacts_to_one_upsert() {
        MapResult a = run(IDENTIFY);
        MapResult b = run(IDENTIFY.replace("00001", "00005").replace("Doe1", "Doe5"));
        MapResult c = run(IDENTIFY.replace("00001", "00006").replace("Doe1", "Doe6"));
        JsonNode body = upsertBody(a, b, c);
        assertThat(body.get("contacts")).hasSize(3);
        assertThat(body.get("contacts").get(2)).isEqualTo(TestEvents.json(
                "{\"1\":\"Jane\",\"2\":\"Doe6\",\"3\":\"jane.doe+00006@example.com\"}"));
    }
}
