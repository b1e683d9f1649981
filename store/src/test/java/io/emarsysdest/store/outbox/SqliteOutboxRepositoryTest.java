package io.emarsysdest.store.outbox;

import io.emarsysdest.core.delivery.OutboxRepository;
import io.emarsysdest.testkit.delivery.OutboxRepositoryContract;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteDataSource;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SqliteOutboxRepositoryTest extends OutboxRepositoryContract {
    @TempDir
    Path dir;
    private SQLiteDataSource dataSource;
    private JdbcOutboxRepository repository;

    @BeforeEach
    void open() {
        dataSource = SqliteStateFile.open(dir.resolve("state.db"));
        repository = new JdbcOutboxRepository(dataSource);
    }

    @Override
    protected OutboxRepository repository() {
        return repository;
    }

    @Override
    protected void inTransaction(boolean commit, TxWork work) throws Exception {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            work.run(c);
            if (commit) c.commit();
            else c.rollback();
        }
    }

    private List<String> plan(String sql) throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN " + sql)) {
            List<String> plan = new ArrayList<>();
            while (rs.next()) plan.add(rs.getString("detail"));
            return plan;
        }
    }

    @Test
    void aPrivacyErasureFindsThePersonsItemsThroughIndexesNotTheWholeTable() throws Exception {
        assertThat(plan("UPDATE outbox SET state = 3 WHERE state = 2 AND person_key IN ('p1', 'p2')"))
                .allSatisfy(d -> assertThat(d).contains("outbox_dead_person"));
        assertThat(plan("UPDATE outbox SET state = 3 WHERE state = 0 AND account IN (SELECT DISTINCT account FROM outbox "
                + "WHERE state = 0) AND person_key IN ('p1', 'p2')"))
                .anySatisfy(d -> assertThat(d).contains("outbox_pending_person"))
                .noneSatisfy(d -> assertThat(d).isEqualTo("SCAN outbox"));
    }

    @Test
    void claimsWalkThePendingIndexesNotTheWholeTable() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN QUERY PLAN SELECT o.id FROM outbox o WHERE o.state = 0 AND o.account = 'a' "
                     + "AND o.next_attempt_at <= 5 AND NOT EXISTS (SELECT 1 FROM outbox p WHERE p.state = 0 "
                     + "AND p.account = o.account AND p.person_key = o.person_key AND p.id < o.id AND p.next_attempt_at > 5) "
                     + "ORDER BY o.id LIMIT 10")) {
            List<String> plan = new ArrayList<>();
            while (rs.next()) plan.add(rs.getString("detail"));
            assertThat(plan).anySatisfy(d -> assertThat(d).contains("outbox_pending"))
                    .anySatisfy(d -> assertThat(d).contains("outbox_pending_person"))
                    .noneSatisfy(d -> assertThat(d).contains("TEMP B-TREE"));
        }
    }

    @Test
    void opensTheFileInWalModeWithFullSync() throws Exception {
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualToIgnoringCase("wal");
            }
            try (ResultSet rs = s.executeQuery("PRAGMA synchronous")) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(2); // FULL
            }
        }
    }
}
