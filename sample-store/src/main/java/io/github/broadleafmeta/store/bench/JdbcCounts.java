package io.github.broadleafmeta.store.bench;

/**
 * What one HTTP request did to the database, split into what the plugin caused and what the host (Broadleaf and
 * the store) did. Filled by {@link CountingDataSource} on the request's own thread.
 *
 * <p>Attribution rule: an operation belongs to the plugin when, at the moment it happens, the thread's call stack
 * holds a frame of the plugin ({@code io.github.broadleafmeta.core}, {@code .theme} or {@code .admin}); otherwise
 * to the host. So a statement the plugin runs, or a host service the plugin calls, counts as the plugin's; the
 * host's own commit of a transaction the plugin wrote into counts as the host's (the plugin added no commit).
 * Frames of a plugin wrapper that merely lets a host call through do not count: {@code MetaOrderCancellationHook}
 * is advice on every {@code OrderService} method, so without this exception the host's own add-to-cart and
 * checkout work (its id-generator commits included) would be charged to the plugin. Limit: a Hibernate auto-flush
 * of the host's pending changes triggered by a plugin query counts as the plugin's. For "the plugin adds no
 * commit", compare the request's total commits with the plugin on and off as well.
 */
public final class JdbcCounts {

    /** One side (plugin or host) of the counts. */
    public static final class Side {
        /** Statement executions: each execute/executeQuery/executeUpdate/executeBatch call. */
        public int statements;
        /** Statements that write (INSERT, UPDATE, DELETE, MERGE, DDL, any executeUpdate or batch). */
        public int writes;
        /** Explicit {@code commit()}s, plus writing statements in autocommit mode, plus an implicit commit by
         * {@code setAutoCommit(true)} after uncommitted writes. */
        public int commits;
        public int rollbacks;
        /** Connections borrowed from the pool ({@code DataSource.getConnection}). */
        public int connections;

        void appendJson(StringBuilder out) {
            out.append("{\"statements\":").append(statements).append(",\"writes\":").append(writes)
                    .append(",\"commits\":").append(commits).append(",\"rollbacks\":").append(rollbacks)
                    .append(",\"connections\":").append(connections).append('}');
        }
    }

    public final Side plugin = new Side();
    public final Side host = new Side();
    /** With {@code X-Bench-Trace: on}: one line per operation (side, operation, SQL head, first plugin frame). */
    final java.util.List<String> trace;

    JdbcCounts(boolean traced) {
        this.trace = traced ? new java.util.ArrayList<String>() : null;
    }

    void trace(boolean byPlugin, String operation, String sql, String pluginFrame) {
        if (trace != null) {
            String head = sql == null ? "" : " " + (sql.length() > 80 ? sql.substring(0, 80) + "…" : sql);
            trace.add((byPlugin ? "plugin " : "host ") + operation + head
                    + (pluginFrame == null ? "" : " @ " + pluginFrame));
        }
    }
    /** Most connections this request held open at once (2 = a second connection beside the first). */
    public int maxConnectionsHeld;
    int connectionsHeld;

    Side side(boolean byPlugin) {
        return byPlugin ? plugin : host;
    }

    void borrowed(Side side) {
        side.connections++;
        connectionsHeld++;
        maxConnectionsHeld = Math.max(maxConnectionsHeld, connectionsHeld);
    }

    void released() {
        connectionsHeld--;
    }

    void appendJson(StringBuilder out) {
        out.append("\"plugin\":");
        plugin.appendJson(out);
        out.append(",\"host\":");
        host.appendJson(out);
        out.append(",\"maxConnectionsHeld\":").append(maxConnectionsHeld);
        if (trace != null) {
            out.append(",\"trace\":[");
            for (int i = 0; i < trace.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                Json.string(out, trace.get(i));
            }
            out.append(']');
        }
    }
}
