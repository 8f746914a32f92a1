package io.github.broadleafmeta.benchmarks.drain;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * Counts, over all threads, the statements executed through a {@link DataSource} and the commits they cost:
 * explicit {@code commit()}s plus every writing statement run in autocommit mode (each is its own transaction).
 * A batch ({@code executeBatch}) counts as one statement.
 */
public final class StatementCounter {

    private final AtomicLong statements = new AtomicLong();
    private final AtomicLong commits = new AtomicLong();

    /** Both counters at one moment. */
    public record Snapshot(long statements, long commits) {
        public Snapshot minus(Snapshot before) {
            return new Snapshot(statements - before.statements, commits - before.commits);
        }
    }

    public Snapshot snapshot() {
        return new Snapshot(statements.get(), commits.get());
    }

    public DataSource wrap(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    Object result = invoke(target, method, args);
                    return result instanceof Connection ? connection((Connection) result) : result;
                });
    }

    private Connection connection(Connection target) {
        InvocationHandler handler = (proxy, method, args) -> {
            Object result = invoke(target, method, args);
            if (method.getName().equals("commit")) {
                commits.incrementAndGet();
            }
            if (result instanceof Statement) {
                String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : null;
                return statement((Statement) result, method.getReturnType(), sql, target);
            }
            return result;
        };
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler);
    }

    private Statement statement(Statement target, Class<?> type, String preparedSql, Connection connection) {
        InvocationHandler handler = (proxy, method, args) -> {
            String name = method.getName();
            if (!name.startsWith("execute")) {
                return invoke(target, method, args);
            }
            statements.incrementAndGet();
            String sql = args != null && args.length > 0 && args[0] instanceof String ? (String) args[0] : preparedSql;
            // By the SQL, not the method: PostgreSQL's UPDATE … RETURNING runs through executeQuery.
            boolean write = name.contains("Update") || name.contains("Batch") || isWrite(sql);
            if (write && connection.getAutoCommit()) {
                commits.incrementAndGet();
            }
            return invoke(target, method, args);
        };
        return (Statement) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type}, handler);
    }

    static boolean isWrite(String sql) {
        if (sql == null) {
            return false;
        }
        String head = sql.stripLeading().toUpperCase(Locale.ROOT);
        return head.startsWith("INSERT") || head.startsWith("UPDATE") || head.startsWith("DELETE")
                || head.startsWith("MERGE") || head.startsWith("WITH")
                        && head.replace("FOR UPDATE", "").matches("(?s).*\\b(UPDATE|DELETE|INSERT)\\b.*");
    }

    private static Object invoke(Object target, Method method, Object[] args) throws Throwable {
        try {
            return method.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }
}
