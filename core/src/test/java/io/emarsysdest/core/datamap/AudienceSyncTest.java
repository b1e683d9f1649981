package io.emarsysdest.core.datamap;

import io.emarsysdest.core.event.Event;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class AudienceSyncTest {
    static Event engageIdentify(String key, Object value) {
        String v = value instanceof String s ? "\"" + s + "\"" : String.valueOf(value);
        return TestEvents.event("""
                {"type":"identify","userId":"u123","traits":{"email":"ann@example.com","%s":%s},
                 "context":{"personas":{"computation_class":"audience","computation_key":"%s","computation_id":"aud_1","space_id":"spa_1"}}}"""
                .formatted(key, v, key));
    }

    static Event plainIdentify(String key, Object value) {
        return TestEvents.event("{\"type\":\"identify\",\"userId\":\"u123\",\"traits\":{\"%s\":%s}}".formatted(key, value));
    }

    static Event audienceTrack(String name, String key) {
        return TestEvents.event("""
                {"type":"track","event":"%s","userId":"u123","properties":{"audience_key":"%s","%s":true}}""".formatted(name, key, key));
    }

    final AudienceSync defaults = AudienceSync.defaults(List.of());

    @Test
    void entry_exit_and_reentry_add_remove_and_add_again() {
        List<ListChange> changes = new ArrayList<>();
        changes.addAll(defaults.changes(engageIdentify("high_value", true)));
        changes.addAll(defaults.changes(engageIdentify("high_value", false)));
        changes.addAll(defaults.changes(engageIdentify("high_value", true)));
        ListTarget list = new ListTarget.ByName("high_value");
        assertThat(changes).containsExactly(
                new ListChange(list, true, "audience:high_value"),
                new ListChange(list, false, "audience:high_value"),
                new ListChange(list, true, "audience:high_value"));
    }

    @Test
    void a_repeated_entry_is_sent_again_because_list_add_is_idempotent() {
        assertThat(defaults.changes(engageIdentify("high_value", true))).isEqualTo(defaults.changes(engageIdentify("high_value", true)));
    }

    @Test
    void track_form_audience_entered_and_exited() {
        assertThat(defaults.changes(audienceTrack("Audience Entered", "churn_risk")))
                .containsExactly(new ListChange(new ListTarget.ByName("churn_risk"), true, "audience:churn_risk"));
        assertThat(defaults.changes(audienceTrack("Audience Exited", "churn_risk")))
                .containsExactly(new ListChange(new ListTarget.ByName("churn_risk"), false, "audience:churn_risk"));
        assertThat(defaults.changes(audienceTrack("Audience Updated", "churn_risk"))).isEmpty();
    }

    @Test
    void a_mapped_audience_goes_to_its_list_id_and_is_recognised_without_personas() {
        AudienceSync sync = AudienceSync.defaults(List.of(new AudienceListMapping("vip", new ListTarget.ById("7001"), true)));
        assertThat(sync.changes(plainIdentify("vip", true)))
                .containsExactly(new ListChange(new ListTarget.ById("7001"), true, "audience:vip"));
        assertThat(sync.changes(engageIdentify("vip", false)))
                .containsExactly(new ListChange(new ListTarget.ById("7001"), false, "audience:vip"));
    }

    @Test
    void an_ordinary_boolean_trait_is_not_an_audience() {
        assertThat(defaults.changes(plainIdentify("newsletter", true))).isEmpty();
    }

    @Test
    void configured_keys_are_recognised_without_personas() {
        AudienceSync sync = new AudienceSync(new AudienceSettings(true, true, Set.of("newsletter_fans"), null, null, true), List.of());
        assertThat(sync.changes(plainIdentify("newsletter_fans", "\"true\"")))
                .containsExactly(new ListChange(new ListTarget.ByName("newsletter_fans"), true, "audience:newsletter_fans"));
    }

    @Test
    void non_boolean_values_are_not_membership_changes() {
        assertThat(defaults.changes(engageIdentify("high_value", "maybe"))).isEmpty();
        assertThat(defaults.changes(engageIdentify("high_value", 1))).isEmpty();
    }

    @Test
    void a_disabled_mapping_or_sync_unmapped_off_drops_the_audience() {
        AudienceSync off = AudienceSync.defaults(List.of(new AudienceListMapping("high_value", null, false)));
        assertThat(off.changes(engageIdentify("high_value", true))).isEmpty();
        AudienceSync onlyMapped = new AudienceSync(new AudienceSettings(true, true, null, null, null, false),
                List.of(new AudienceListMapping("vip", null, true)));
        assertThat(onlyMapped.changes(engageIdentify("high_value", true))).isEmpty();
        assertThat(onlyMapped.changes(engageIdentify("vip", true)))
                .containsExactly(new ListChange(new ListTarget.ByName("vip"), true, "audience:vip"));
    }

    @Test
    void personas_recognition_can_be_switched_off() {
        AudienceSync sync = new AudienceSync(new AudienceSettings(true, false, null, null, null, true), List.of());
        assertThat(sync.changes(engageIdentify("high_value", true))).isEmpty();
    }

    @Test
    void list_targets_round_trip_through_the_outbox_target_text() {
        assertThat(ListTarget.fromTarget(new ListTarget.ById("555").toTarget())).isEqualTo(new ListTarget.ById("555"));
        assertThat(ListTarget.fromTarget(new ListTarget.ByName("high_value").toTarget())).isEqualTo(new ListTarget.ByName("high_value"));
    }

    @Test
    void settings_validation_reports_every_problem() {
        AudienceSettings bad = new AudienceSettings(true, true, Set.of(" "), " ", " ", true);
        assertThat(bad.validate()).extracting(p -> p.code()).containsExactlyInAnyOrder("missing", "missing", "same_as_entered", "blank_key");
        assertThat(AudienceSettings.DEFAULT.validate()).isEmpty();
        assertThat(new AudienceListMapping("vip", new ListTarget.ById("abc"), true).validate())
                .extracting(p -> p.code()).containsExactly("invalid_list_id");
    }

    @Test
    void settings_read_from_config_keep_defaults_for_absent_keys_and_report_every_problem() {
        assertThat(AudienceSettings.fromJson(null)).isEqualTo(AudienceSettings.DEFAULT);
        AudienceSettings s = AudienceSettings.fromJson(TestEvents.json("{\"syncUnmapped\":false,\"audienceKeys\":[\"vip\"]}"));
        assertThat(s.enabled()).isTrue();
        assertThat(s.syncUnmapped()).isFalse();
        assertThat(s.audienceKeys()).containsExactly("vip");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> AudienceSettings.fromJson(TestEvents.json(
                        "{\"enabled\":\"yes\",\"enteredEvnt\":\"x\",\"audienceKeys\":\"vip\"}")))
                .isInstanceOfSatisfying(io.emarsysdest.core.validation.ValidationException.class, e -> assertThat(e.problems())
                        .extracting(p -> p.path() + " " + p.code())
                        .containsExactlyInAnyOrder("enteredEvnt unknown_key", "enabled wrong_type", "audienceKeys not_an_array"));
        assertThat(AudienceSettings.DESCRIPTIONS).containsKeys("enabled", "syncUnmapped");
    }
}
