package io.emarsysdest.testkit.identity;

import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.DropReason;
import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.IdSource;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.IdentitySettings;
import io.emarsysdest.core.identity.Merge;
import io.emarsysdest.core.identity.MergeRecord;
import io.emarsysdest.core.identity.PersonState;
import io.emarsysdest.core.identity.Resolution;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the users table promises, as scenarios. Every users table (the core resolver in memory, the SQLite and
 * PostgreSQL stores) runs this same suite by supplying a {@link UsersTableHarness}.
 */
public abstract class IdentityScenarios {

    /** A fresh, empty users table with these settings. */
    protected abstract UsersTableHarness usersTable(IdentitySettings settings);

    private final IdentityEvents ev = IdentityEvents.at("2026-03-01T10:00:00Z");

    private UsersTableHarness table() {
        return usersTable(IdentitySettings.DEFAULTS);
    }

    @Test
    public void anonymousBrowsingThenIdentifyIsOnePersonWithEveryTrait() {
        UsersTableHarness t = table();
        Resolution browse = t.apply(ev.page("{\"anonymousId\":\"a-1\",\"name\":\"Home\"}"));
        Resolution signup = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"a-1\",\"context\":{\"traits\":{\"plan\":\"trial\"}}}"));
        Resolution login = t.apply(ev.minutesLater(1).identify(
                "{\"anonymousId\":\"a-1\",\"userId\":\"u-1\",\"traits\":{\"email\":\"Ann@Example.com\",\"firstName\":\"Ann\"}}"));

        assertThat(browse.isNew()).isTrue();
        assertThat(browse.isContact()).isFalse();
        assertThat(signup.personId()).isEqualTo(browse.personId());
        assertThat(login.personId()).isEqualTo(browse.personId());
        assertThat(login.becameContact()).isTrue();
        assertThat(login.primaryKeyRaw()).isEqualTo("Ann@Example.com");
        assertThat(login.primaryKeyNorm()).isEqualTo("ann@example.com");
        assertThat(login.traits().get("plan").asText()).isEqualTo("trial");
        assertThat(login.traits().get("firstName").asText()).isEqualTo("Ann");
        assertThat(login.firstSeen()).isBefore(login.lastSeen());
        assertThat(t.repo().identifiers(login.personId())).extracting(i -> i.id().type())
                .containsExactlyInAnyOrder(IdType.ANONYMOUS_ID, IdType.USER_ID, IdType.PRIMARY_KEY);
    }

    @Test
    public void identifyWithoutEmailThenTrackWithContextTraitsEmailMakesTheContact() {
        UsersTableHarness t = table();
        Resolution identify = t.apply(ev.identify("{\"userId\":\"u-2\",\"traits\":{\"firstName\":\"Bo\"}}"));
        Resolution track = t.apply(ev.minutesLater(1).track("{\"userId\":\"u-2\",\"context\":{\"traits\":{\"email\":\" bo@example.com \"}}}"));

        assertThat(identify.isContact()).isFalse();
        assertThat(track.personId()).isEqualTo(identify.personId());
        assertThat(track.becameContact()).isTrue();
        assertThat(track.primaryKeyNorm()).isEqualTo("bo@example.com");
        assertThat(track.traits().get("firstName").asText()).isEqualTo("Bo");
    }

    @Test
    public void sharedDeviceNeverJoinsTwoLoggedInUsers() {
        UsersTableHarness t = table();
        Resolution ann = t.apply(ev.identify("{\"anonymousId\":\"tablet\",\"userId\":\"ann\",\"traits\":{\"email\":\"ann@x.io\"}}"));
        Resolution bob = t.apply(ev.minutesLater(5).identify("{\"anonymousId\":\"tablet\",\"userId\":\"bob\",\"traits\":{\"email\":\"bob@x.io\"}}"));
        Resolution anonymous = t.apply(ev.minutesLater(5).track("{\"anonymousId\":\"tablet\"}"));

        assertThat(bob.personId()).isNotEqualTo(ann.personId());
        assertThat(bob.isNew()).isTrue();
        assertThat(bob.merges()).isEmpty();
        assertThat(bob.dropped()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(IdSource.ANONYMOUS_ID);
            assertThat(d.reason()).isEqualTo(DropReason.LIMIT_USER_ID);
            assertThat(d.otherPersonId()).isEqualTo(ann.personId());
            assertThat(d.refusedMerge()).isTrue();
        });
        assertThat(anonymous.personId()).as("the device stays with its first user").isEqualTo(ann.personId());
    }

    @Test
    public void anonymousEmailOnASharedDeviceStartsANewPersonInsteadOfTakingOverTheContact() {
        UsersTableHarness t = table();
        Resolution ann = t.apply(ev.track("{\"anonymousId\":\"kiosk\",\"context\":{\"traits\":{\"email\":\"ann@x.io\"}}}"));
        Resolution bob = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"kiosk\",\"context\":{\"traits\":{\"email\":\"bob@x.io\"}}}"));

        assertThat(bob.personId()).isNotEqualTo(ann.personId());
        assertThat(bob.primaryKeyRaw()).isEqualTo("bob@x.io");
        assertThat(bob.previousPrimaryKeyRaw()).isNull();
        assertThat(bob.dropped()).extracting(d -> d.reason()).containsExactly(DropReason.LIMIT_PRIMARY_KEY);
    }

    @Test
    public void blockedValuesNeverLinkAnything() {
        UsersTableHarness t = table();
        Resolution one = t.apply(ev.identify("{\"anonymousId\":\"anonymous\",\"userId\":\"u-1\"}"));
        Resolution two = t.apply(ev.identify("{\"anonymousId\":\" Anonymous \",\"userId\":\"u-2\",\"traits\":{\"email\":\"null\"}}"));
        Resolution nobody = t.apply(ev.track("{\"anonymousId\":\"undefined\",\"userId\":\"-1\"}"));
        Resolution zero = t.apply(ev.track("{\"anonymousId\":\"0\",\"userId\":\"u-3\"}"));

        assertThat(two.personId()).isNotEqualTo(one.personId());
        assertThat(one.dropped()).extracting(d -> d.reason()).containsExactly(DropReason.BLOCKED);
        assertThat(two.dropped()).extracting(d -> d.source()).containsExactlyInAnyOrder(IdSource.ANONYMOUS_ID, IdSource.PRIMARY_KEY);
        assertThat(two.isContact()).isFalse();
        assertThat(nobody.resolved()).isFalse();
        assertThat(nobody.dropped()).hasSize(2);
        assertThat(zero.personId()).isNotIn(one.personId(), two.personId());
        assertThat(t.repo().findIdentity(new IdKey(IdType.ANONYMOUS_ID, "anonymous"))).isNull();
    }

    @Test
    public void configuredBlockedPatternsLinkNothing() {
        UsersTableHarness t = usersTable(IdentitySettings.DEFAULTS.withBlockedPatterns(List.of("test@test\\.com", "^0+$")));
        Resolution a = t.apply(ev.track("{\"anonymousId\":\"a-1\",\"context\":{\"traits\":{\"email\":\"TEST@test.com\"}}}"));
        Resolution b = t.apply(ev.track("{\"anonymousId\":\"a-2\",\"context\":{\"traits\":{\"email\":\"test@test.com\"}}}"));
        Resolution c = t.apply(ev.track("{\"anonymousId\":\"0000\"}"));

        assertThat(b.personId()).isNotEqualTo(a.personId());
        assertThat(a.isContact()).isFalse();
        assertThat(a.dropped()).extracting(d -> d.reason()).containsExactly(DropReason.BLOCKED);
        assertThat(c.resolved()).isFalse();
    }

    @Test
    public void aliasJoinsThePreviousAnonymousIdToTheUser() {
        UsersTableHarness t = table();
        Resolution anon = t.apply(ev.track("{\"anonymousId\":\"a-9\",\"context\":{\"traits\":{\"city\":\"Oslo\"}}}"));
        Resolution user = t.apply(ev.minutesLater(1).identify("{\"userId\":\"u-17\",\"traits\":{\"email\":\"u17@x.io\"}}"));
        var aliasEvent = ev.minutesLater(1).alias("{\"userId\":\"u-17\",\"previousId\":\"a-9\"}");
        Resolution alias = t.apply(aliasEvent);
        Resolution later = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"a-9\"}"));

        assertThat(user.personId()).isNotEqualTo(anon.personId());
        assertThat(alias.personId()).isEqualTo(user.personId());
        assertThat(alias.merges()).containsExactly(new Merge(user.personId(), anon.personId()));
        assertThat(alias.traits().get("city").asText()).isEqualTo("Oslo");
        assertThat(later.personId()).isEqualTo(user.personId());
        assertThat(t.repo().merges(user.personId())).singleElement().satisfies(m -> {
            assertThat(m.reason()).contains("previousId");
            assertThat(m.messageId()).isEqualTo(aliasEvent.messageId());
            assertThat(m.offset()).isEqualTo(aliasEvent.offset());
        });
    }

    @Test
    public void aliasWithAnUnknownPreviousIdKeepsItForLaterEvents() {
        UsersTableHarness t = table();
        Resolution alias = t.apply(ev.alias("{\"userId\":\"u-5\",\"previousId\":\"old-device\"}"));
        Resolution later = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"old-device\"}"));

        assertThat(later.personId()).isEqualTo(alias.personId());
    }

    @Test
    public void aliasingOneUserIdToAnotherNeedsAHigherUserIdLimit() {
        UsersTableHarness strict = table();
        Resolution oldId = strict.apply(ev.identify("{\"userId\":\"legacy-1\",\"traits\":{\"email\":\"l@x.io\"}}"));
        strict.apply(ev.minutesLater(1).identify("{\"userId\":\"new-1\"}"));
        Resolution refused = strict.apply(ev.minutesLater(1).alias("{\"userId\":\"new-1\",\"previousId\":\"legacy-1\"}"));
        assertThat(refused.merges()).isEmpty();
        assertThat(refused.dropped()).singleElement().satisfies(d -> {
            assertThat(d.source()).isEqualTo(IdSource.PREVIOUS_ID);
            assertThat(d.reason()).isEqualTo(DropReason.LIMIT_USER_ID);
            assertThat(d.otherPersonId()).isEqualTo(oldId.personId());
        });

        UsersTableHarness lenient = usersTable(IdentitySettings.DEFAULTS.withLimits(2, 1, 1000));
        Resolution legacy = lenient.apply(ev.identify("{\"userId\":\"legacy-2\",\"traits\":{\"email\":\"l2@x.io\"}}"));
        Resolution renamed = lenient.apply(ev.minutesLater(1).identify("{\"userId\":\"new-2\"}"));
        Resolution joined = lenient.apply(ev.minutesLater(1).alias("{\"userId\":\"new-2\",\"previousId\":\"legacy-2\"}"));
        assertThat(joined.personId()).isEqualTo(legacy.personId());
        assertThat(joined.merges()).containsExactly(new Merge(legacy.personId(), renamed.personId()));
        assertThat(lenient.repo().findBy(new IdKey(IdType.USER_ID, "new-2")).id()).isEqualTo(legacy.personId());
    }

    @Test
    public void anEmailChangeThatAlsoJoinsAnAnonymousDeviceDoesBoth() {
        UsersTableHarness t = table();
        Resolution user = t.apply(ev.identify("{\"userId\":\"u-m\",\"traits\":{\"email\":\"before@x.io\"}}"));
        Resolution device = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"tab\",\"context\":{\"traits\":{\"theme\":\"dark\"}}}"));
        Resolution both = t.apply(ev.minutesLater(1).identify(
                "{\"userId\":\"u-m\",\"anonymousId\":\"tab\",\"traits\":{\"email\":\"after@x.io\"}}"));

        assertThat(both.personId()).isEqualTo(user.personId());
        assertThat(both.merges()).containsExactly(new Merge(user.personId(), device.personId()));
        assertThat(both.previousPrimaryKeyRaw()).isEqualTo("before@x.io");
        assertThat(both.primaryKeyRaw()).isEqualTo("after@x.io");
        assertThat(both.traits().get("theme").asText()).isEqualTo("dark");
    }

    @Test
    public void aLateAnonymousEventAfterAMergeResolvesToTheWinner() {
        UsersTableHarness t = table();
        Instant browsing = ev.now();
        Resolution anon = t.apply(ev.track("{\"anonymousId\":\"phone\"}"));
        Resolution known = t.apply(ev.minutesLater(10).identify("{\"userId\":\"u-8\",\"traits\":{\"email\":\"eve@x.io\"}}"));
        Resolution joined = t.apply(ev.minutesLater(10).track("{\"userId\":\"u-8\",\"anonymousId\":\"phone\"}"));
        Resolution late = t.apply(ev.minutesLater(10).late(EventType.TRACK, "{\"anonymousId\":\"phone\",\"event\":\"Offline\"}", browsing.plusSeconds(30)));

        assertThat(joined.merges()).as("the contact wins over the older anonymous person")
                .containsExactly(new Merge(known.personId(), anon.personId()));
        assertThat(late.personId()).isEqualTo(known.personId());
        assertThat(late.firstSeen()).isEqualTo(browsing);
        assertThat(t.repo().find(anon.personId()).id()).as("the merged id redirects").isEqualTo(known.personId());
        List<MergeRecord> log = t.repo().merges(known.personId());
        assertThat(log).singleElement().satisfies(m -> {
            assertThat(m.winner()).isEqualTo(known.personId());
            assertThat(m.loser()).isEqualTo(anon.personId());
            assertThat(m.messageId()).isNotBlank();
        });
    }

    @Test
    public void withoutAPrimaryKeyTheOldestPersonWins() {
        UsersTableHarness t = table();
        Resolution first = t.apply(ev.track("{\"anonymousId\":\"web\"}"));
        Resolution second = t.apply(ev.minutesLater(1).track("{\"userId\":\"u-3\"}"));
        Resolution joined = t.apply(ev.minutesLater(1).track("{\"userId\":\"u-3\",\"anonymousId\":\"web\"}"));

        assertThat(joined.personId()).isEqualTo(first.personId());
        assertThat(joined.merges()).containsExactly(new Merge(first.personId(), second.personId()));
    }

    @Test
    public void anEmailChangeKeepsThePersonAndReportsThePreviousKey() {
        UsersTableHarness t = table();
        Resolution before = t.apply(ev.identify("{\"userId\":\"u-4\",\"traits\":{\"email\":\"old@x.io\"}}"));
        Resolution change = t.apply(ev.minutesLater(1).identify("{\"userId\":\"u-4\",\"traits\":{\"email\":\"New@x.io\"}}"));
        Resolution again = t.apply(ev.minutesLater(1).identify("{\"userId\":\"u-4\",\"traits\":{\"email\":\"new@x.io\"}}"));
        Resolution oldKeyAlone = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"a-4\",\"context\":{\"traits\":{\"email\":\"old@x.io\"}}}"));

        assertThat(change.personId()).isEqualTo(before.personId());
        assertThat(change.isNew()).isFalse();
        assertThat(change.becameContact()).isFalse();
        assertThat(change.primaryKeyRaw()).isEqualTo("New@x.io");
        assertThat(change.previousPrimaryKeyRaw()).isEqualTo("old@x.io");
        assertThat(change.dropped()).isEmpty();
        assertThat(again.keyChanged()).isFalse();
        assertThat(again.primaryKeyRaw()).as("the raw value the contact was keyed with stays").isEqualTo("New@x.io");
        assertThat(oldKeyAlone.personId()).as("the previous key still resolves").isEqualTo(before.personId());
        assertThat(oldKeyAlone.primaryKeyNorm()).isEqualTo("new@x.io");
        assertThat(t.repo().findIdentity(new IdKey(IdType.PRIMARY_KEY, "old@x.io")).previous()).isTrue();
    }

    @Test
    public void anOlderEventDoesNotChangeTheKeyBack() {
        UsersTableHarness t = table();
        Instant start = ev.now();
        t.apply(ev.identify("{\"userId\":\"u-6\",\"traits\":{\"email\":\"a@x.io\"}}"));
        Resolution change = t.apply(ev.minutesLater(5).identify("{\"userId\":\"u-6\",\"traits\":{\"email\":\"b@x.io\"}}"));
        Resolution late = t.apply(ev.late(EventType.IDENTIFY, "{\"userId\":\"u-6\",\"traits\":{\"email\":\"a@x.io\"}}", start.plusSeconds(60)));

        assertThat(change.keyChanged()).isTrue();
        assertThat(late.personId()).isEqualTo(change.personId());
        assertThat(late.primaryKeyNorm()).isEqualTo("b@x.io");
        assertThat(late.keyChanged()).isFalse();
    }

    @Test
    public void theKeyCanChangeBackToAPreviousOne() {
        UsersTableHarness t = table();
        t.apply(ev.identify("{\"userId\":\"u-7\",\"traits\":{\"email\":\"a@x.io\"}}"));
        t.apply(ev.minutesLater(1).identify("{\"userId\":\"u-7\",\"traits\":{\"email\":\"b@x.io\"}}"));
        Resolution back = t.apply(ev.minutesLater(1).identify("{\"userId\":\"u-7\",\"traits\":{\"email\":\"a@x.io\"}}"));

        assertThat(back.primaryKeyNorm()).isEqualTo("a@x.io");
        assertThat(back.previousPrimaryKeyRaw()).isEqualTo("b@x.io");
        assertThat(t.repo().find(back.personId()).primaryKeys()).isEqualTo(1);
    }

    @Test
    public void mergesStopAtTheMergeCapButEventsStillResolve() {
        UsersTableHarness t = usersTable(IdentitySettings.DEFAULTS.withCaps(1, 1000));
        Resolution a = t.apply(ev.track("{\"anonymousId\":\"a\"}"));
        Resolution b = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"b\"}"));
        Resolution c = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"c\"}"));
        Resolution ab = t.apply(ev.minutesLater(1).alias("{\"anonymousId\":\"a\",\"previousId\":\"b\"}"));
        Resolution ac = t.apply(ev.minutesLater(1).alias("{\"anonymousId\":\"a\",\"previousId\":\"c\"}"));

        assertThat(ab.merges()).containsExactly(new Merge(a.personId(), b.personId()));
        assertThat(ac.personId()).isEqualTo(a.personId());
        assertThat(ac.merges()).isEmpty();
        assertThat(ac.dropped()).singleElement().satisfies(d -> {
            assertThat(d.reason()).isEqualTo(DropReason.MERGE_CAP);
            assertThat(d.otherPersonId()).isEqualTo(c.personId());
        });
        assertThat(t.apply(ev.track("{\"anonymousId\":\"c\"}")).personId()).isEqualTo(c.personId());
    }

    @Test
    public void aPersonAtTheIdentifierCapTakesNoNewIdentifiersButStillResolves() {
        UsersTableHarness t = usersTable(IdentitySettings.DEFAULTS.withCaps(100, 3));
        Resolution first = t.apply(ev.identify("{\"userId\":\"u\",\"anonymousId\":\"a1\",\"traits\":{\"email\":\"u@x.io\"}}"));
        Resolution more = t.apply(ev.minutesLater(1).track("{\"userId\":\"u\",\"anonymousId\":\"a2\"}"));
        Resolution other = t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"a2\"}"));

        assertThat(more.personId()).isEqualTo(first.personId());
        assertThat(more.dropped()).extracting(d -> d.reason()).containsExactly(DropReason.IDENTIFIER_CAP);
        assertThat(other.personId()).isNotEqualTo(first.personId());
        assertThat(t.repo().identifiers(first.personId())).hasSize(3);
    }

    @Test
    public void traitsMergePerTraitByEventTime() {
        UsersTableHarness t = table();
        Instant start = ev.now();
        t.apply(ev.minutesLater(60).identify("{\"userId\":\"u\",\"traits\":{\"plan\":\"pro\",\"city\":\"Rome\"}}"));
        Resolution late = t.apply(ev.late(EventType.IDENTIFY,
                "{\"userId\":\"u\",\"traits\":{\"plan\":\"free\",\"firstName\":\"Lu\"}}", start));
        Resolution newer = t.apply(ev.minutesLater(1).identify("{\"userId\":\"u\",\"traits\":{\"city\":\"Milan\"}}"));

        assertThat(late.traits().get("plan").asText()).as("an older value never overwrites a newer one").isEqualTo("pro");
        assertThat(late.traits().get("firstName").asText()).isEqualTo("Lu");
        assertThat(late.firstSeen()).isEqualTo(start);
        assertThat(newer.traits().get("city").asText()).isEqualTo("Milan");
        assertThat(newer.traits().get("plan").asText()).isEqualTo("pro");
    }

    @Test
    public void mergedPersonsKeepTheLatestValueOfEachTrait() {
        UsersTableHarness t = table();
        Resolution anon = t.apply(ev.track("{\"anonymousId\":\"a\",\"context\":{\"traits\":{\"color\":\"red\",\"size\":\"M\"}}}"));
        Resolution user = t.apply(ev.minutesLater(1).identify("{\"userId\":\"u\",\"traits\":{\"email\":\"c@x.io\",\"color\":\"blue\"}}"));
        t.apply(ev.minutesLater(1).track("{\"anonymousId\":\"a\",\"context\":{\"traits\":{\"size\":\"L\"}}}"));
        Resolution joined = t.apply(ev.minutesLater(1).track("{\"userId\":\"u\",\"anonymousId\":\"a\"}"));

        assertThat(joined.personId()).isEqualTo(user.personId());
        assertThat(joined.merges()).containsExactly(new Merge(user.personId(), anon.personId()));
        assertThat(joined.traits().get("color").asText()).isEqualTo("blue");
        assertThat(joined.traits().get("size").asText()).isEqualTo("L");
        assertThat(joined.becameContact()).isFalse();
    }

    @Test
    public void groupTraitsAreNotPersonTraits() {
        UsersTableHarness t = table();
        Resolution r = t.apply(ev.group("{\"userId\":\"u\",\"groupId\":\"g\",\"traits\":{\"email\":\"billing@acme.io\",\"name\":\"Acme\"}}"));

        assertThat(r.isContact()).isFalse();
        assertThat(r.traits()).isEmpty();
    }

    @Test
    public void severalEventsOfOnePersonInOneBatchApplyInOrder() {
        UsersTableHarness t = table();
        List<Resolution> rs = t.apply(List.of(
                ev.page("{\"anonymousId\":\"a-b\"}"),
                ev.minutesLater(1).identify("{\"anonymousId\":\"a-b\",\"userId\":\"u-b\",\"traits\":{\"email\":\"b@x.io\",\"n\":1}}"),
                ev.minutesLater(1).identify("{\"userId\":\"u-b\",\"traits\":{\"email\":\"b2@x.io\",\"n\":2}}"),
                ev.minutesLater(1).track("{\"anonymousId\":\"a-b\"}"),
                ev.track("{\"anonymousId\":\"someone-else\"}")));

        long id = rs.get(0).personId();
        assertThat(rs.subList(0, 4)).allSatisfy(r -> assertThat(r.personId()).isEqualTo(id));
        assertThat(rs.get(0).isNew()).isTrue();
        assertThat(rs.get(1).isNew()).isFalse();
        assertThat(rs.get(1).becameContact()).isTrue();
        assertThat(rs.get(1).traits().get("n").asInt()).isEqualTo(1);
        assertThat(rs.get(2).previousPrimaryKeyRaw()).isEqualTo("b@x.io");
        assertThat(rs.get(3).traits().get("n").asInt()).isEqualTo(2);
        assertThat(rs.get(4).personId()).isNotEqualTo(id);
        assertThat(t.apply(ev.track("{\"userId\":\"u-b\"}")).primaryKeyRaw()).isEqualTo("b2@x.io");
    }

    @Test
    public void aMergeInsideOneBatchIsVisibleToTheNextEvents() {
        UsersTableHarness t = table();
        List<Resolution> rs = t.apply(List.of(
                ev.track("{\"anonymousId\":\"x\"}"),
                ev.minutesLater(1).identify("{\"userId\":\"ux\",\"traits\":{\"email\":\"x@x.io\"}}"),
                ev.minutesLater(1).alias("{\"userId\":\"ux\",\"previousId\":\"x\"}"),
                ev.minutesLater(1).track("{\"anonymousId\":\"x\"}")));

        assertThat(rs.get(2).merges()).containsExactly(new Merge(rs.get(1).personId(), rs.get(0).personId()));
        assertThat(rs.get(3).personId()).isEqualTo(rs.get(1).personId());
        assertThat(t.apply(ev.track("{\"anonymousId\":\"x\"}")).personId()).isEqualTo(rs.get(1).personId());
        assertThat(t.repo().find(rs.get(0).personId()).id()).isEqualTo(rs.get(1).personId());
    }

    @Test
    public void deletingAPersonRemovesItsIdentifiersAndMergedPersons() {
        UsersTableHarness t = table();
        Resolution anon = t.apply(ev.track("{\"anonymousId\":\"d-a\"}"));
        Resolution user = t.apply(ev.minutesLater(1).identify("{\"userId\":\"d-u\",\"anonymousId\":\"d-a\",\"traits\":{\"email\":\"d@x.io\"}}"));
        Resolution other = t.apply(ev.identify("{\"userId\":\"d-other\",\"traits\":{\"email\":\"o@x.io\"}}"));

        DeletedPerson deleted = t.repo().delete(user.personId());

        assertThat(anon.personId()).isEqualTo(user.personId());
        assertThat(deleted.primaryKeyRaw()).isEqualTo("d@x.io");
        assertThat(deleted.raw(IdType.USER_ID)).containsExactly("d-u");
        assertThat(deleted.raw(IdType.ANONYMOUS_ID)).containsExactly("d-a");
        assertThat(t.repo().find(user.personId())).isNull();
        assertThat(t.repo().findIdentity(new IdKey(IdType.USER_ID, "d-u"))).isNull();
        assertThat(t.repo().find(other.personId())).isNotNull();
        Resolution again = t.apply(ev.minutesLater(1).track("{\"userId\":\"d-u\"}"));
        assertThat(again.isNew()).isTrue();
        assertThat(again.personId()).isNotEqualTo(user.personId());
    }

    @Test
    public void normalisedValuesMatchWhileTheRawValueIsKept() {
        UsersTableHarness t = table();
        Resolution a = t.apply(ev.track("{\"anonymousId\":\" a-n \",\"context\":{\"traits\":{\"email\":\"  Mixed.Case@Example.COM\"}}}"));
        Resolution b = t.apply(ev.track("{\"anonymousId\":\"other\",\"context\":{\"traits\":{\"email\":\"mixed.case@example.com\"}}}"));
        Resolution c = t.apply(ev.track("{\"anonymousId\":\"a-n\"}"));

        assertThat(b.personId()).isEqualTo(a.personId());
        assertThat(c.personId()).isEqualTo(a.personId());
        assertThat(b.primaryKeyRaw()).isEqualTo("  Mixed.Case@Example.COM");
        IdentityRecord key = t.repo().findIdentity(new IdKey(IdType.PRIMARY_KEY, "mixed.case@example.com"));
        assertThat(key.id().raw()).isEqualTo("  Mixed.Case@Example.COM");
    }

    @Test
    public void userIdsAreCaseSensitive() {
        UsersTableHarness t = table();
        Resolution a = t.apply(ev.track("{\"userId\":\"ABC\"}"));
        Resolution b = t.apply(ev.track("{\"userId\":\"abc\"}"));
        assertThat(b.personId()).isNotEqualTo(a.personId());
    }

    @Test
    public void theStoredPersonMatchesTheResolution() {
        UsersTableHarness t = table();
        Resolution r = t.apply(ev.identify("{\"userId\":\"s\",\"anonymousId\":\"s-a\",\"traits\":{\"email\":\"s@x.io\",\"age\":41}}"));
        PersonState p = t.repo().find(r.personId());

        assertThat(p.primaryKeyRaw()).isEqualTo("s@x.io");
        assertThat(p.traits().get("age").asInt()).isEqualTo(41);
        assertThat(p.traitTimes()).containsKey("age");
        assertThat(p.userIds()).isEqualTo(1);
        assertThat(p.primaryKeys()).isEqualTo(1);
        assertThat(p.anonymousIds()).isEqualTo(1);
        assertThat(p.identifiers()).isEqualTo(3);
        assertThat(p.firstSeen()).isEqualTo(r.firstSeen());
    }
}
