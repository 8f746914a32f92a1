package io.github.broadleafmeta.store.bench;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Locale;
import javax.sql.DataSource;

/**
 * A JDK dynamic proxy around the store's pooled {@link DataSource} that counts, per HTTP request, statements,
 * commits, rollbacks and connections borrowed (see {@link JdbcCounts} for what each means and how plugin and host
 * are told apart).
 *
 * <p>API: {@link #wrap(DataSource)} once at start-up (only in {@link BenchMode}); {@link #begin()} on a request's
 * thread before the request runs and {@link #end()} after it, which returns the counts. A thread that has not
 * begun counting (the dispatcher, every request without the bench header) passes straight through: one
 * ThreadLocal read per call. Counting walks the call stack per operation, so it is meant for counting, not timing.
 */
public final class CountingDataSource {

    private static final ThreadLocal<JdbcCounts> CURRENT = new ThreadLocal<JdbcCounts>();
    private static final String[] PLUGIN_PACKAGES = {
        "io.github.broadleafmeta.core.", "io.github.broadleafmeta.theme.", "io.github.broadleafmeta.admin."};
    /**
     * Plugin frames that only let the host's own call through: the cancellation hook is advice on every
     * {@code OrderService} method (add to cart, checkout…) and does nothing but proceed unless it is cancelOrder.
     */
    private static final String[][] PASS_THROUGH_FRAMES = {
        {"io.github.broadleafmeta.core.broadleaf31.MetaOrderCancellationHook", "invoke"}};

    private CountingDataSource() {
    }

    /** Starts counting on this thread. */
    public static JdbcCounts begin() {
        return begin(false);
    }

    /** Starts counting on this thread; {@code traced}: also list every operation (see {@link JdbcCounts}). */
    public static JdbcCounts begin(boolean traced) {
        JdbcCounts counts = new JdbcCounts(traced);
        CURRENT.set(counts);
        return counts;
    }

    /** Stops counting on this thread and returns what was counted since {@link #begin()}, or null. */
    public static JdbcCounts end() {
        JdbcCounts counts = CURRENT.get();
        CURRENT.remove();
        return counts;
    }

    public static boolean isWrapped(Object dataSource) {
        return Proxy.isProxyClass(dataSource.getClass())
                && Proxy.getInvocationHandler(dataSource) instanceof DataSourceHandler;
    }

    public static DataSource wrap(DataSource target) {
        if (isWrapped(target)) {
            return target;
        }
        return (DataSource) Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, new DataSourceHandler(target));
    }

    /**
     * Counts one operation on {@code counts}' side (the attribution rule of {@link JdbcCounts}) and returns that
     * side: the plugin's when a plugin frame is on this thread's stack.
     */
    static JdbcCounts.Side attribute(JdbcCounts counts, String operation, String sql) {
        String pluginFrame = null;
        for (StackTraceElement frame : Thread.currentThread().getStackTrace()) {
            String className = frame.getClassName();
            if (isPassThrough(frame)) {
                continue;
            }
            for (String pluginPackage : PLUGIN_PACKAGES) {
                if (className.startsWith(pluginPackage)) {
                    pluginFrame = className.substring(className.lastIndexOf('.') + 1) + "." + frame.getMethodName();
                    break;
                }
            }
            if (pluginFrame != null) {
                break;
            }
        }
        counts.trace(pluginFrame != null, operation, sql, pluginFrame);
        return counts.side(pluginFrame != null);
    }

    private static boolean isPassThrough(StackTraceElement frame) {
        for (String[] passThrough : PASS_THROUGH_FRAMES) {
            if (passThrough[0].equals(frame.getClassName()) && passThrough[1].equals(frame.getMethodName())) {
                return true;
            }
        }
        return false;
    }

    /** Whether a statement's SQL writes: its first keyword, after comments and parentheses. */
    static boolean isWrite(String sql) {
        if (sql == null) {
            return false;
        }
        int i = 0;
        int n = sql.length();
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c) || c == '(') {
                i++;
            } else if (sql.startsWith("--", i)) {
                int eol = sql.indexOf('\n', i);
                i = eol < 0 ? n : eol + 1;
            } else if (sql.startsWith("/*", i)) {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else {
                break;
            }
        }
        int end = i;
        while (end < n && Character.isLetter(sql.charAt(end))) {
            end++;
        }
        String verb = sql.substring(i, end).toUpperCase(Locale.ROOT);
        switch (verb) {
            case "INSERT": case "UPDATE": case "DELETE": case "MERGE": case "UPSERT": case "REPLACE":
            case "CREATE": case "ALTER": case "DROP": case "TRUNCATE":
                return true;
            default:
                return false;
        }
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static final class DataSourceHandler implements InvocationHandler {
        private final DataSource target;

        DataSourceHandler(DataSource target) {
            this.target = target;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if ("getConnection".equals(method.getName())) {
                Connection connection = (Connection) CountingDataSource.invoke(target, method, args);
                JdbcCounts counts = CURRENT.get();
                if (counts != null) {
                    counts.borrowed(attribute(counts, "borrow", null));
                }
                return Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(),
                        new Class<?>[] {Connection.class}, new ConnectionHandler(connection, counts));
            }
            if ("toString".equals(method.getName())) {
                return "CountingDataSource(" + target + ")";
            }
            return CountingDataSource.invoke(target, method, args);
        }
    }

    private static final class ConnectionHandler implements InvocationHandler {
        private final Connection target;
        /** The counts of the request that borrowed it, so its release is counted there even after end(). */
        private final JdbcCounts borrowedBy;
        private boolean closed;
        /** Writes since the last commit or rollback, with autocommit off. */
        boolean uncommittedWrites;

        ConnectionHandler(Connection target, JdbcCounts borrowedBy) {
            this.target = target;
            this.borrowedBy = borrowedBy;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            JdbcCounts counts = CURRENT.get();
            switch (name) {
                case "createStatement": case "prepareStatement": case "prepareCall": {
                    Statement statement = (Statement) CountingDataSource.invoke(target, method, args);
                    String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0]
                            : null;
                    Class<?> type = statement instanceof CallableStatement ? CallableStatement.class
                            : statement instanceof PreparedStatement ? PreparedStatement.class : Statement.class;
                    return Proxy.newProxyInstance(CountingDataSource.class.getClassLoader(), new Class<?>[] {type},
                            new StatementHandler(statement, sql, this, (Connection) proxy));
                }
                case "commit":
                    if (counts != null) {
                        attribute(counts, "commit", null).commits++;
                    }
                    uncommittedWrites = false;
                    break;
                case "rollback":
                    if (counts != null) {
                        attribute(counts, "rollback", null).rollbacks++;
                    }
                    if (args == null || args.length == 0) {
                        uncommittedWrites = false;
                    }
                    break;
                case "setAutoCommit":
                    // JDBC: switching autocommit on inside a transaction commits it.
                    if (Boolean.TRUE.equals(args[0]) && uncommittedWrites && !target.getAutoCommit()) {
                        if (counts != null) {
                            attribute(counts, "commit (setAutoCommit true)", null).commits++;
                        }
                        uncommittedWrites = false;
                    }
                    break;
                case "close":
                    if (!closed) {
                        closed = true;
                        if (borrowedBy != null) {
                            borrowedBy.released();
                        }
                    }
                    break;
                default:
                    break;
            }
            return CountingDataSource.invoke(target, method, args);
        }

        void executed(String sql, boolean write) throws java.sql.SQLException {
            JdbcCounts counts = CURRENT.get();
            if (counts == null) {
                if (write && !target.getAutoCommit()) {
                    uncommittedWrites = true;
                }
                return;
            }
            boolean autoCommit = write && target.getAutoCommit();
            JdbcCounts.Side side = attribute(counts, write ? (autoCommit ? "write+autocommit" : "write") : "read",
                    sql);
            side.statements++;
            if (write) {
                side.writes++;
                if (autoCommit) {
                    side.commits++;
                } else {
                    uncommittedWrites = true;
                }
            }
        }
    }

    private static final class StatementHandler implements InvocationHandler {
        private final Statement target;
        private final String preparedSql;
        private final ConnectionHandler connection;
        private final Connection connectionProxy;

        StatementHandler(Statement target, String preparedSql, ConnectionHandler connection,
                Connection connectionProxy) {
            this.target = target;
            this.preparedSql = preparedSql;
            this.connection = connection;
            this.connectionProxy = connectionProxy;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            String name = method.getName();
            if ("getConnection".equals(name)) {
                return connectionProxy;
            }
            if (!name.startsWith("execute")) {
                return CountingDataSource.invoke(target, method, args);
            }
            String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : preparedSql;
            boolean write;
            if (name.equals("executeQuery")) {
                write = false;
            } else if (name.equals("executeUpdate") || name.equals("executeLargeUpdate")
                    || name.startsWith("executeBatch") || name.equals("executeLargeBatch")) {
                write = true;
            } else {
                write = isWrite(sql);
            }
            try {
                return CountingDataSource.invoke(target, method, args);
            } finally {
                // Counted even when it fails: it still went to the database.
                connection.executed(sql, write);
            }
        }
    }
}
