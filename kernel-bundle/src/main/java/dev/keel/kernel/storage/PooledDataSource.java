package dev.keel.kernel.storage;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.logging.Logger;

import javax.sql.DataSource;

import dev.keel.kernel.governance.StorageCalls;

/**
 * The face of the kernel's pool that plugins get: a plain {@code DataSource}.
 * It hides the pool itself, so no plugin can close or reconfigure what all
 * plugins share. Its connections are guarded ({@link GuardedJdbc}): no
 * governance timeout interrupts a thread inside the driver.
 */
final class PooledDataSource implements DataSource {

    private final DataSource pool;
    private final String name;
    private final StorageCalls calls;
    private final DiskReserve reserve;

    PooledDataSource(DataSource pool, String name, StorageCalls calls, DiskReserve reserve) {
        this.pool = pool;
        this.name = name;
        this.calls = calls;
        this.reserve = reserve;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return GuardedJdbc.connection(pool.getConnection(), calls, reserve);
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        throw new SQLFeatureNotSupportedException("the kernel's pool connects as the configured user (keel.storage user)");
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        throw new SQLFeatureNotSupportedException("the kernel's pool is configured through keel.storage");
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        throw new SQLFeatureNotSupportedException("the kernel's pool is configured through keel.storage");
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return pool.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging logger");
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("the kernel's DataSource wraps nothing a plugin may use: " + iface.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override
    public String toString() {
        return "Keel DataSource " + name;
    }
}
