package dev.keel.kernel.storage;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;

import dev.keel.kernel.governance.StorageCalls;

/**
 * The JDBC objects plugins get from the kernel's pool, each call on them run
 * as a storage region of {@link StorageCalls}: a governed call that times out
 * while its thread is inside the driver is not interrupted there (H2's
 * MVStore closes its file on an interrupt, breaking storage for every
 * plugin); its statement is cancelled instead, which every driver supports
 * from another thread. A thread that is interrupted already gets an
 * {@link SQLTimeoutException} instead of entering the driver. A statement
 * that writes is refused while the embedded database's disk is within its
 * {@link DiskReserve}.
 */
final class GuardedJdbc implements InvocationHandler {

    private static final Class<?>[] WRAPPED = { CallableStatement.class, PreparedStatement.class, Statement.class,
            ResultSet.class, DatabaseMetaData.class };

    /** What runs even on an interrupted thread (its interrupt held meanwhile): releasing, undoing. */
    private static final java.util.Set<String> MUST_RUN = java.util.Set.of("close", "rollback", "free",
            "releaseSavepoint");

    private final Object target;
    private final StorageCalls calls;
    /** Cancels what the target runs: its statement's cancel, or nothing for a connection. */
    private final Runnable cancel;
    /** The guarded connection this object came from (what its getConnection() answers). */
    private final Connection owner;
    private final DiskReserve reserve;
    /** A prepared statement's SQL, else null. */
    private final String sql;

    private GuardedJdbc(Object target, StorageCalls calls, Runnable cancel, Connection owner, DiskReserve reserve,
            String sql) {
        this.target = target;
        this.calls = calls;
        this.cancel = cancel;
        this.owner = owner;
        this.reserve = reserve;
        this.sql = sql;
    }

    static Connection connection(Connection raw, StorageCalls calls, DiskReserve reserve) {
        return (Connection) Proxy.newProxyInstance(GuardedJdbc.class.getClassLoader(),
                new Class<?>[] { Connection.class }, new GuardedJdbc(raw, calls, null, null, reserve, null));
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        switch (method.getName()) {
            case "equals":
                if (method.getParameterCount() == 1) {
                    return proxy == args[0];
                }
                break;
            case "hashCode":
                if (method.getParameterCount() == 0) {
                    return System.identityHashCode(proxy);
                }
                break;
            case "toString":
                if (method.getParameterCount() == 0) {
                    return target.toString();
                }
                break;
            case "getConnection":
                if (method.getParameterCount() == 0 && owner != null) {
                    return owner;
                }
                break;
            default:
                break;
        }
        if (writes(method, args)) {
            reserve.checkWrite();
        }
        Object result = call(method, args);
        boolean prepares = method.getName().startsWith("prepare") && args != null && args[0] instanceof String;
        return wrap(result, proxy, prepares ? (String) args[0] : null);
    }

    /** Whether the call runs a statement that may write: an update or batch, or an execute of other than a read. */
    private boolean writes(Method method, Object[] args) {
        if (!(target instanceof Statement)) {
            return false;
        }
        return switch (method.getName()) {
            case "executeUpdate", "executeLargeUpdate", "executeBatch", "executeLargeBatch" -> true;
            case "execute" -> !DiskReserve.reads(args != null && args.length > 0 && args[0] instanceof String s
                    ? s : sql);
            default -> false;
        };
    }

    private Object call(Method method, Object[] args) throws Throwable {
        if (MUST_RUN.contains(method.getName())) {
            calls.enterAlways(cancel); // a connection is closed (back to the pool) even after a timeout
        } else if (!calls.enter(cancel)) {
            throw new SQLTimeoutException("the thread was interrupted (its governed call timed out); "
                    + "it does not enter the database so", "57014");
        }
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        } finally {
            calls.exit();
        }
    }

    private Object wrap(Object result, Object proxy, String preparedSql) {
        if (result == null || result == target) {
            return result == null ? null : proxy;
        }
        Connection connection = owner != null ? owner : proxy instanceof Connection c ? c : null;
        for (Class<?> type : WRAPPED) {
            if (type.isInstance(result)) {
                Runnable c = cancelOf(result);
                return Proxy.newProxyInstance(GuardedJdbc.class.getClassLoader(), new Class<?>[] { type },
                        new GuardedJdbc(result, calls, c, connection, reserve, preparedSql));
            }
        }
        return result;
    }

    /** What cancels a statement's work: the statement's own cancel (a result set's is its statement's). */
    private Runnable cancelOf(Object jdbc) {
        Statement statement;
        try {
            statement = jdbc instanceof Statement s ? s
                    : jdbc instanceof ResultSet rs ? rs.getStatement() : null;
        } catch (SQLException e) {
            statement = null;
        }
        if (statement == null) {
            return cancel;
        }
        Statement s = statement;
        return () -> {
            try {
                s.cancel();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        };
    }
}
