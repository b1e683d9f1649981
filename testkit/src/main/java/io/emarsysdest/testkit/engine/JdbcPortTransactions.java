package io.emarsysdest.testkit.engine;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Consumer;
import java.util.function.Function;

/** {@link PortTransactions} for JDBC stores: each call opens a connection, runs the port made over it, and commits or rolls back. */
public final class JdbcPortTransactions<S> implements PortTransactions<S> {
    private final DataSource dataSource;
    private final Function<Connection, S> port;

    public JdbcPortTransactions(DataSource dataSource, Function<Connection, S> port) {
        this.dataSource = dataSource;
        this.port = port;
    }

    @Override
    public <T> T committed(Function<S, T> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.apply(port.apply(c));
                c.commit();
                return result;
            } catch (RuntimeException | Error e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void rolledBack(Consumer<S> work) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.accept(port.apply(c));
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
