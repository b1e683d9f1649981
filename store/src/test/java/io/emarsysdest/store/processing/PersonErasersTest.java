package io.emarsysdest.store.processing;

import io.emarsysdest.core.engine.ProcessingFailure;
import io.emarsysdest.core.event.Event;
import io.emarsysdest.core.identity.DeletedPerson;
import io.emarsysdest.core.identity.IdType;
import io.emarsysdest.core.identity.Identifier;
import io.emarsysdest.store.outbox.SqliteStateFile;
import io.emarsysdest.core.event.EventType;
import io.emarsysdest.testkit.Events;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PersonErasersTest {
    @TempDir
    Path dir;
    private SQLiteDataSource db;
    private static final Instant AT = Instant.parse("2026-07-01T08:00:00Z");

    @BeforeEach
    void open() {
        db = SqliteStateFile.open(dir.resolve("state.db"));
    }

    /** The event as the log would hand it over, at this offset. */
    private static Event at(long offset, Event e) {
        return new Event(offset, e.messageId(), e.type(), e.userId(), e.anonymousId(), e.timestamp(), e.originalTimestamp(),
                e.sentAt(), e.receivedAt(), e.body());
    }

    @Test
    void aPrivacyDeletionForgetsTheFailedEventsOfThePersonSoARetryCannotBringItBack() throws Exception {
        Event byUser = at(1, Events.of(EventType.IDENTIFY, "{\"userId\":\"gone\",\"traits\":{\"email\":\"gone@x.io\"}}", AT));
        Event byDevice = at(2, Events.of(EventType.TRACK, "{\"anonymousId\":\"gone-device\",\"event\":\"Viewed\"}", AT));
        Event other = at(3, Events.of(EventType.TRACK, "{\"userId\":\"stays\",\"event\":\"Viewed\"}", AT));
        try (Connection tx = db.getConnection()) {
            tx.setAutoCommit(false);
            for (Event e : List.of(byUser, byDevice, other)) new JdbcProcessingFailureStore(tx).record(e, Instant.now(), "boom", 3);
            DeletedPerson deleted = new DeletedPerson(List.of(1L, 2L), List.of(new Identifier(IdType.USER_ID, "gone", "gone"),
                    new Identifier(IdType.ANONYMOUS_ID, "gone-device", "gone-device")), "gone@x.io");

            PersonErasers.processingFailures().erase(tx, deleted);

            assertThat(new JdbcProcessingFailureStore(tx).list(0, 10)).extracting(ProcessingFailure::offset).containsExactly(other.offset());
            tx.commit();
        }
    }
}
