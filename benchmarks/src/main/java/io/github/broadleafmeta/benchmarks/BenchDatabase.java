package io.github.broadleafmeta.benchmarks;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.commons.dbcp.BasicDataSource;

import javax.sql.DataSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * The databases the outbox runs on in these benchmarks, each behind a DBCP 1.4 pool (what a Broadleaf 3.1 store
 * typically configures): HSQLDB 2.3.1 in memory, HSQLDB as files in a temp dir (CACHED tables, so rows live on disk),
 * and an embedded PostgreSQL 14 (zonky) with {@code synchronous_commit} set explicitly.
 */
public final class BenchDatabase implements AutoCloseable {

    public enum Kind {
        HSQLDB_MEM("hsqldb-mem"), HSQLDB_FILE("hsqldb-file"), POSTGRES("postgres"), MARIADB("mariadb");

        final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public static Kind parse(String s) {
            String k = s.trim().toLowerCase(Locale.ROOT);
            for (Kind kind : values()) {
                if (kind.label.equals(k)) {
                    return kind;
                }
            }
            if (k.equals("hsqldb")) {
                return HSQLDB_MEM;
            }
            if (k.equals("pg") || k.equals("postgresql")) {
                return POSTGRES;
            }
            throw new IllegalArgumentException("unknown database " + s
                    + " (hsqldb-mem, hsqldb-file, postgres, mariadb)");
        }
    }

    private final Kind kind;
    private final BasicDataSource pool;
    private final EmbeddedPostgres postgres;
    private final Path tempDir;
    private final String description;
    private MariaDbProcess mariadb;

    private BenchDatabase(Kind kind, BasicDataSource pool, EmbeddedPostgres postgres, Path tempDir,
            String description) {
        this.kind = kind;
        this.pool = pool;
        this.postgres = postgres;
        this.tempDir = tempDir;
        this.description = description;
    }

    /**
     * @param pgSynchronousCommit PostgreSQL's {@code synchronous_commit} ("on" is PostgreSQL's own default; the
     *                            embedded server would otherwise start with "off")
     */
    public static BenchDatabase open(Kind kind, int poolSize, String pgSynchronousCommit) throws IOException {
        return open(kind, poolSize, pgSynchronousCommit, "off");
    }

    /**
     * @param pgFsync PostgreSQL's {@code fsync}: zonky starts the server with {@code -F} (off); "on" turns it back
     *                on, so each commit waits for its WAL flush like a production server
     */
    public static BenchDatabase open(Kind kind, int poolSize, String pgSynchronousCommit, String pgFsync)
            throws IOException {
        switch (kind) {
            case HSQLDB_MEM: {
                String url = "jdbc:hsqldb:mem:bench" + System.nanoTime();
                return new BenchDatabase(kind, pool("org.hsqldb.jdbc.JDBCDriver", url, "SA", "", poolSize), null,
                        null, "HSQLDB 2.3.1, in memory (MEMORY tables)");
            }
            case HSQLDB_FILE: {
                Path dir = Files.createTempDirectory("bench-hsqldb");
                String url = "jdbc:hsqldb:file:" + dir.resolve("outbox") + ";hsqldb.default_table_type=cached";
                return new BenchDatabase(kind, pool("org.hsqldb.jdbc.JDBCDriver", url, "SA", "", poolSize), null,
                        dir, "HSQLDB 2.3.1, file database in a temp dir (CACHED tables)");
            }
            case POSTGRES: {
                Path dir = Files.createTempDirectory("bench-pg");
                EmbeddedPostgres pg = EmbeddedPostgres.builder()
                        .setDataDirectory(dir)
                        .setCleanDataDirectory(true)
                        .setServerConfig("synchronous_commit", pgSynchronousCommit)
                        .setServerConfig("fsync", pgFsync)
                        .start();
                BasicDataSource ds = pool("org.postgresql.Driver", pg.getJdbcUrl("postgres", "postgres"),
                        "postgres", "postgres", poolSize);
                // Only the bulk load of the scale benchmark uses batches; the outbox's own statements are single.
                ds.addConnectionProperty("reWriteBatchedInserts", "true");
                String version;
                String fsync;
                try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
                    try (ResultSet rs = s.executeQuery("SHOW server_version")) {
                        rs.next();
                        version = rs.getString(1);
                    }
                    try (ResultSet rs = s.executeQuery("SHOW fsync")) {
                        rs.next();
                        fsync = rs.getString(1);
                    }
                } catch (SQLException e) {
                    throw new IOException("cannot query the embedded PostgreSQL", e);
                }
                // What the server really runs with, not what was asked for.
                return new BenchDatabase(kind, ds, pg, dir, "PostgreSQL " + version
                        + " (embedded, zonky), fsync=" + fsync + ", synchronous_commit=" + pgSynchronousCommit);
            }
            case MARIADB: {
                Path dir = Files.createTempDirectory("bench-mariadb");
                MariaDbProcess server;
                try {
                    server = MariaDbProcess.start(dir);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while starting MariaDB", e);
                }
                BenchDatabase db = new BenchDatabase(kind, pool("org.mariadb.jdbc.Driver", server.jdbcUrl("bench"),
                        "root", "", poolSize), null, dir, "MariaDB " + server.version()
                        + " (Debian's mariadbd, child process, innodb_flush_log_at_trx_commit=1, "
                        + "innodb_buffer_pool_size=" + (MariaDbProcess.bufferPoolSize().isEmpty() ? "default"
                                : MariaDbProcess.bufferPoolSize()) + ")");
                db.mariadb = server;
                return db;
            }
            default:
                throw new IllegalArgumentException(kind.toString());
        }
    }

    private static BasicDataSource pool(String driver, String url, String user, String password, int size) {
        BasicDataSource ds = new BasicDataSource();
        ds.setDriverClassName(driver);
        ds.setUrl(url);
        ds.setUsername(user);
        ds.setPassword(password);
        ds.setMaxActive(size);
        ds.setMaxIdle(size);
        ds.setInitialSize(Math.min(2, size));
        ds.setMaxWait(30_000);
        ds.setDefaultAutoCommit(true);
        return ds;
    }

    public Kind kind() {
        return kind;
    }

    public DataSource dataSource() {
        return pool;
    }

    public String description() {
        return description;
    }

    /**
     * CPU time used so far by the embedded PostgreSQL server: its postmaster (found by the data directory on its
     * command line) and every live child (backends, writer, WAL writer); 0 for HSQLDB, which runs in this JVM.
     * Backends that already exited are not counted; the pool keeps its connections, so that is rare.
     */
    public long serverCpuNanos() {
        if (mariadb != null) {
            return mariadb.cpuNanos();
        }
        if (postgres == null) {
            return 0L;
        }
        String dir = tempDir.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(dir)).orElse(false)
                        || p.info().arguments().map(a -> String.join(" ", a).contains(dir)).orElse(false))
                .flatMap(p -> Stream.concat(Stream.of(p), p.descendants()))
                .distinct()
                .mapToLong(p -> p.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L))
                .sum();
    }

    /** PostgreSQL's current WAL position in bytes ({@code pg_current_wal_lsn()}); -1 on other databases. */
    public long walPosition() throws SQLException {
        if (kind != Kind.POSTGRES) {
            return -1;
        }
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), '0/0')::bigint")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public long count(String sql) throws SQLException {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement();
                ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Override
    public void close() throws Exception {
        if (kind == Kind.HSQLDB_MEM || kind == Kind.HSQLDB_FILE) {
            try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            } catch (SQLException e) {
                // already down
            }
        }
        pool.close();
        if (postgres != null) {
            postgres.close();
        }
        if (mariadb != null) {
            mariadb.close();
        }
        if (tempDir != null && Files.exists(tempDir)) {
            try (Stream<Path> files = Files.walk(tempDir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
