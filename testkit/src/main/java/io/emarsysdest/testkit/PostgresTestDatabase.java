package io.emarsysdest.testkit;

import org.junit.jupiter.api.Assumptions;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * A fresh, empty PostgreSQL database for one test class, on the server that {@code ./test} starts
 * (scripts/test-postgres.sh exports EMD_TEST_POSTGRES_URL). Without that server the PostgreSQL tests are skipped
 * with a note saying how to run them.
 */
public final class PostgresTestDatabase {
    public static final String ENV = "EMD_TEST_POSTGRES_URL";

    private PostgresTestDatabase() {
    }

    /** Creates a new database and returns its JDBC URL (user and password in the URL). */
    public static String create() {
        String admin = System.getenv(ENV);
        Assumptions.assumeTrue(admin != null && !admin.isBlank(),
                "PostgreSQL tests need a server: run ./test, or eval \"$(scripts/test-postgres.sh start)\" first");
        String name = "emd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(admin); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create a test database on " + admin + ": " + e.getMessage(), e);
        }
        int q = admin.indexOf('?');
        String base = q < 0 ? admin : admin.substring(0, q);
        String params = q < 0 ? "" : admin.substring(q);
        return base.substring(0, base.lastIndexOf('/') + 1) + name + params;
    }
}
