package io.emarsysdest.store.identity;

import io.emarsysdest.testkit.PostgresTestDatabase;
import org.flywaydb.core.Flyway;
import org.postgresql.ds.PGSimpleDataSource;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.function.Function;

/**
 * A fresh, migrated PostgreSQL state database on the test server named by {@code EMD_TEST_POSTGRES_URL}
 * (started by ./test through scripts/test-postgres.sh). Without it the PostgreSQL tests are skipped.
 */
final class PgTestDb {
    private static PGSimpleDataSource shared;
    final PGSimpleDataSource dataSource;

    /** One database per test run, emptied for each test (creating one per test would litter the server). */
    PgTestDb() {
        dataSource = shared();
        inTx(c -> {
            try (Statement s = c.createStatement()) {
                s.execute("TRUNCATE person, identity, merge_log RESTART IDENTITY");
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
            return null;
        });
    }

    private static synchronized PGSimpleDataSource shared() {
        if (shared != null) return shared;
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(PostgresTestDatabase.create());
        Flyway.configure().dataSource(ds).locations("classpath:db/state/postgresql").load().migrate();
        shared = ds;
        return ds;
    }

    Connection open() throws SQLException {
        Connection c = dataSource.getConnection();
        c.setAutoCommit(false);
        return c;
    }

    <T> T inTx(Function<Connection, T> work) {
        try (Connection c = open()) {
            try {
                T result = work.apply(c);
                c.commit();
                return result;
            } catch (RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
