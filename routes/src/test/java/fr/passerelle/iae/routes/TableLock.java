package fr.passerelle.iae.routes;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

import javax.sql.DataSource;

/**
 * A table no other session can read or write until released: a flow that reaches it stops there, so that a test does
 * something between two of the flow's steps without depending on timing.
 */
public final class TableLock implements AutoCloseable {

    private final Connection connection;

    private TableLock(Connection connection) {
        this.connection = connection;
    }

    public static TableLock on(DataSource dataSource, String table) throws SQLException {
        Connection connection = dataSource.getConnection();
        try (Statement statement = connection.createStatement()) {
            connection.setAutoCommit(false);
            statement.execute("LOCK TABLE " + table + " IN ACCESS EXCLUSIVE MODE");
            return new TableLock(connection);
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
    }

    /** Lets the sessions waiting for the table through; closing again does nothing. */
    @Override
    public void close() throws SQLException {
        if (!connection.isClosed()) {
            connection.rollback();
            connection.setAutoCommit(true);
            connection.close();
        }
    }
}
