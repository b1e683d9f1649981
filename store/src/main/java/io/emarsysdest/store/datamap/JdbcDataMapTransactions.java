package io.emarsysdest.store.datamap;

import io.emarsysdest.core.datamap.DataMapRepository;
import io.emarsysdest.core.datamap.DataMapTransactions;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.function.Function;

/** {@link DataMapTransactions} over a {@link DataSource}: one connection and transaction per call. */
public final class JdbcDataMapTransactions implements DataMapTransactions {
    private final DataSource dataSource;

    public JdbcDataMapTransactions(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    @Override
    public <T> T inTransaction(Function<DataMapRepository, T> work) {
        try (Connection c = dataSource.getConnection()) {
            boolean auto = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                T result = work.apply(new JdbcDataMapRepository(c));
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(auto);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("data map transaction failed: " + e.getMessage(), e);
        }
    }
}
