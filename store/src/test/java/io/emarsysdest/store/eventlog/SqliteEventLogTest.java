package io.emarsysdest.store.eventlog;

import io.emarsysdest.core.ingest.Rejection;
import io.emarsysdest.core.log.EventLog;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.testkit.contract.EventLogContract;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteEventLogTest extends EventLogContract {
    @TempDir
    Path dir;

    @Override
    protected EventLog open(int maxQueuedEvents) {
        return SqliteEventLog.open(dir.resolve("events.db"), maxQueuedEvents);
    }

    @Override
    protected EventLog reopen(EventLog log) {
        log.close();
        return SqliteEventLog.open(dir.resolve("events.db"), 10_000);
    }

    @Test
    void keepsRejectedItemsWithTheirReasons() throws Exception {
        try (SqliteEventLog log = SqliteEventLog.open(dir.resolve("events.db"), 100)) {
            var item = new com.fasterxml.jackson.databind.ObjectMapper().readTree("{\"type\":\"track\"}");
            log.recordRejections(List.of(new Rejection(3, item, List.of(new Problem("batch[3].userId", "no_user_anon_id", "needs an id")))), T0);
            log.append(List.of()).get(); // a later commit: rejections ride in the same writer queue
            var rejected = log.recentRejections(10);
            assertThat(rejected).singleElement().satisfies(r -> {
                assertThat(r.reason()).isEqualTo("no_user_anon_id");
                assertThat(r.index()).isEqualTo(3);
                assertThat(r.problems().get(0).path("path").asText()).isEqualTo("batch[3].userId");
                assertThat(r.item().path("type").asText()).isEqualTo("track");
            });
        }
    }
}
