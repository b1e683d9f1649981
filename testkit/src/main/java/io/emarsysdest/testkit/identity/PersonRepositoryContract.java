package io.emarsysdest.testkit.identity;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdKey;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.Identifier;
import io.emarsysdest.core.identity.IdentityRecord;
import io.emarsysdest.core.identity.MergeRecord;
import io.emarsysdest.core.identity.PersonRepository;
import io.emarsysdest.core.identity.PersonState;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;

/** What every {@link PersonRepository} adapter must do; each adapter's test extends this. */
public abstract class PersonRepositoryContract {
    private static final Instant T0 = Instant.parse("2026-02-01T08:00:00Z");
    private static final Instant T1 = T0.plusSeconds(3600);

    /** Runs the work in one unit of work (a committed transaction for a database). */
    protected abstract <T> T inTx(Function<PersonRepository, T> work);

    private static PersonState person(String key, Instant at, String traitName, String traitValue) {
        ObjectNode traits = JsonNodeFactory.instance.objectNode().put(traitName, traitValue);
        return new PersonState(0, at, at, key, key == null ? null : key.toUpperCase(), key == null ? null : at,
                traits, Map.of(traitName, at), 0, 0, key == null ? 0 : 1, 1, key == null ? 1 : 2);
    }

    /** The repository with every call in a unit of work of its own. */
    protected PersonRepository repo() {
        return UnitOfWorkRepository.of(this::inTx);
    }

    private PersonState find(long personId) {
        return repo().find(personId);
    }

    private IdentityRecord identity(IdType type, String norm) {
        return inTx(r -> r.findIdentity(new IdKey(type, norm)));
    }

    private List<IdentityRecord> identifiers(long personId) {
        return repo().identifiers(personId);
    }

    private List<MergeRecord> merges(long personId) {
        return repo().merges(personId);
    }

    private DeletedPerson delete(long personId) {
        return repo().delete(personId);
    }

    private static Identifier id(IdType type, String value) {
        return new Identifier(type, value, " " + value);
    }

    @Test
    public void aCreatedPersonReadsBackWithTraitsTimesAndCounts() {
        PersonState created = inTx(r -> r.create(person("k@x.io", T0, "plan", "pro")));
        PersonState read = inTx(r -> r.find(created.id()));

        assertThat(created.id()).isPositive();
        assertThat(read).isEqualTo(created);
        assertThat(read.traits().get("plan").asText()).isEqualTo("pro");
        assertThat(read.traitTimes()).containsEntry("plan", T0);
    }

    @Test
    public void newPersonsGetDistinctIds() {
        long a = inTx(r -> r.create(person(null, T0, "a", "1")).id());
        long b = inTx(r -> r.create(person(null, T0, "b", "2")).id());
        assertThat(a).isNotEqualTo(b);
    }

    @Test
    public void savedChangesReplaceTheState() {
        PersonState created = inTx(r -> r.create(person(null, T0, "a", "1")));
        PersonState changed = new PersonState(created.id(), T0, T1, "n@x.io", "N@x.io", T1,
                JsonNodeFactory.instance.objectNode().put("a", "2"), Map.of("a", T1), 3, 1, 1, 4, 7);
        inTx(r -> {
            r.save(changed);
            return null;
        });
        assertThat(repo().find(created.id())).isEqualTo(changed);
    }

    @Test
    public void attachedIdentifiersAreFoundByTypeAndNormalisedValue() {
        long p = inTx(r -> r.create(person(null, T0, "a", "1")).id());
        inTx(r -> {
            r.attach(p, id(IdType.ANONYMOUS_ID, "dev-1"), T0);
            r.attach(p, id(IdType.USER_ID, "dev-1"), T0);
            return null;
        });
        IdentityRecord anon = identity(IdType.ANONYMOUS_ID, "dev-1");

        assertThat(anon.personId()).isEqualTo(p);
        assertThat(anon.id().raw()).isEqualTo(" dev-1");
        assertThat(anon.firstSeen()).isEqualTo(T0);
        assertThat(anon.previous()).isFalse();
        assertThat(identity(IdType.PRIMARY_KEY, "dev-1")).isNull();
        assertThat(identifiers(p)).hasSize(2);
        assertThat(find(identity(IdType.USER_ID, "dev-1").personId()).id()).isEqualTo(p);
    }

    @Test
    public void touchMovesLastSeenForwardOnly() {
        long p = inTx(r -> r.create(person(null, T0, "a", "1")).id());
        IdKey key = new IdKey(IdType.ANONYMOUS_ID, "t-1");
        inTx(r -> {
            r.attach(p, id(IdType.ANONYMOUS_ID, "t-1"), T0);
            r.touch(key, T1);
            r.touch(key, T0.plusSeconds(5));
            return null;
        });
        assertThat(repo().findIdentity(key).lastSeen()).isEqualTo(T1);
    }

    @Test
    public void aPrimaryKeyCanBeMarkedPreviousAndCurrentAgain() {
        long p = inTx(r -> r.create(person("k1", T0, "a", "1")).id());
        IdKey key = new IdKey(IdType.PRIMARY_KEY, "k1");
        inTx(r -> {
            r.attach(p, id(IdType.PRIMARY_KEY, "k1"), T0);
            r.setPrevious(key, true);
            return null;
        });
        assertThat(repo().findIdentity(key).previous()).isTrue();
        inTx(r -> {
            r.setPrevious(key, false);
            return null;
        });
        assertThat(repo().findIdentity(key).previous()).isFalse();
    }

    @Test
    public void aMergedPersonRedirectsToTheWinnerForeverAndItsIdentifiersMove() {
        long winner = inTx(r -> r.create(person("w", T0, "a", "1")).id());
        long loser = inTx(r -> r.create(person(null, T0, "b", "2")).id());
        long third = inTx(r -> r.create(person(null, T0, "c", "3")).id());
        inTx(r -> {
            r.attach(winner, id(IdType.USER_ID, "w-user"), T0);
            r.attach(loser, id(IdType.ANONYMOUS_ID, "l-anon"), T0);
            r.attach(third, id(IdType.ANONYMOUS_ID, "t-anon"), T0);
            r.merge(new MergeRecord(winner, loser, "userId+anonymousId", "m-1", 11, T1));
            return null;
        });
        inTx(r -> {
            r.merge(new MergeRecord(loser, third, "anonymousId", "m-2", 12, T1)); // merging into a merged id lands on its winner
            return null;
        });

        assertThat(find(loser).id()).isEqualTo(winner);
        assertThat(find(third).id()).isEqualTo(winner);
        assertThat(find(identity(IdType.ANONYMOUS_ID, "l-anon").personId()).id()).isEqualTo(winner);
        assertThat(find(identity(IdType.ANONYMOUS_ID, "t-anon").personId()).id()).isEqualTo(winner);
        assertThat(identifiers(loser)).extracting(i -> i.id().norm())
                .containsExactlyInAnyOrder("w-user", "l-anon", "t-anon");
        assertThat(merges(winner)).extracting(MergeRecord::messageId).containsExactly("m-1", "m-2");
        assertThat(merges(winner).get(0)).isEqualTo(new MergeRecord(winner, loser, "userId+anonymousId", "m-1", 11, T1));
    }

    @Test
    public void deletingRemovesThePersonItsMergedPersonsIdentifiersAndLog() {
        long winner = inTx(r -> r.create(person("del@x.io", T0, "a", "1")).id());
        long loser = inTx(r -> r.create(person(null, T0, "b", "2")).id());
        long bystander = inTx(r -> r.create(person(null, T0, "c", "3")).id());
        inTx(r -> {
            r.attach(winner, id(IdType.PRIMARY_KEY, "del@x.io"), T0);
            r.attach(loser, id(IdType.ANONYMOUS_ID, "del-anon"), T0);
            r.attach(bystander, id(IdType.ANONYMOUS_ID, "keep"), T0);
            r.merge(new MergeRecord(winner, loser, "anonymousId", "m", 1, T1));
            return null;
        });

        DeletedPerson deleted = delete(loser);

        assertThat(deleted.personIds()).containsExactlyInAnyOrder(winner, loser);
        assertThat(deleted.primaryKeyRaw()).isEqualTo("DEL@X.IO");
        assertThat(deleted.identifiers()).extracting(Identifier::norm).containsExactlyInAnyOrder("del@x.io", "del-anon");
        assertThat(find(winner)).isNull();
        assertThat(find(loser)).isNull();
        assertThat(identity(IdType.ANONYMOUS_ID, "del-anon")).isNull();
        assertThat(merges(winner)).isEmpty();
        assertThat(find(identity(IdType.ANONYMOUS_ID, "keep").personId()).id()).isEqualTo(bystander);
        assertThat(delete(winner)).isNull();
    }

    @Test
    public void unknownIdsFindNothing() {
        assertThat(find(987654)).isNull();
        assertThat(identity(IdType.USER_ID, "nobody")).isNull();
        assertThat(identifiers(987654)).isEmpty();
    }
}
