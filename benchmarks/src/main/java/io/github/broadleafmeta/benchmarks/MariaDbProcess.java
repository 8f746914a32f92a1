package io.github.broadleafmeta.benchmarks;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's MariaDB server as a child process on a temporary directory, the way plugin-core's MariaDB test server
 * starts it ({@code mariadb-install-db}, then {@code mariadbd --no-defaults} on a free loopback port), with the
 * server's defaults for durability ({@code innodb_flush_log_at_trx_commit=1}: a log flush per commit).
 */
final class MariaDbProcess implements AutoCloseable {

    private final Process process;
    private final Path directory;
    private final int port;

    private MariaDbProcess(Process process, Path directory, int port) {
        this.process = process;
        this.directory = directory;
        this.port = port;
    }

    static MariaDbProcess start(Path directory) throws IOException, InterruptedException {
        String user = System.getProperty("user.name");
        Path data = directory.resolve("data");
        Process install = new ProcessBuilder(binary("mariadb-install-db"), "--no-defaults", "--datadir=" + data,
                "--user=" + user, "--auth-root-authentication-method=normal", "--skip-test-db")
                .redirectErrorStream(true).redirectOutput(directory.resolve("install-db.log").toFile()).start();
        if (!install.waitFor(2, TimeUnit.MINUTES) || install.exitValue() != 0) {
            throw new IOException("mariadb-install-db failed; see " + directory.resolve("install-db.log"));
        }
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> command = new ArrayList<>(List.of(binary("mariadbd"), "--no-defaults", "--datadir=" + data,
                "--socket=" + directory.resolve("mariadbd.sock"), "--pid-file=" + directory.resolve("mariadbd.pid"),
                "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve", "--user=" + user,
                "--max-connections=200", "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci"));
        String bufferPool = bufferPoolSize();
        if (!bufferPool.isEmpty()) {
            command.add("--innodb-buffer-pool-size=" + bufferPool);
        }
        Process server = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(directory.resolve("mariadbd.log").toFile()).start();
        MariaDbProcess mariadb = new MariaDbProcess(server, directory, port);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (true) {
            try (Connection c = DriverManager.getConnection(mariadb.jdbcUrl("") + "?connectTimeout=1000", "root", "");
                    Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE bench");
                return mariadb;
            } catch (SQLException e) {
                if (!server.isAlive() || System.nanoTime() > deadline) {
                    mariadb.close();
                    throw new IOException("mariadbd did not come up; see " + directory.resolve("mariadbd.log"), e);
                }
                Thread.sleep(100);
            }
        }
    }

    /** {@code bench.mariadb.bufferPool} (bench.sh: BENCH_MARIADB_BUFFER_POOL), e.g. "1G"; empty: the server default. */
    static String bufferPoolSize() {
        return System.getProperty("bench.mariadb.bufferPool", "").trim();
    }

    private static String binary(String name) throws IOException {
        for (String dir : new String[] {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin"}) {
            File f = new File(dir, name);
            if (f.canExecute()) {
                return f.getPath();
            }
        }
        throw new IOException(name + " not found: install Debian's mariadb-server package (.ci/run does)");
    }

    String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    String version() {
        try (Connection c = DriverManager.getConnection(jdbcUrl("bench"), "root", "");
                Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT VERSION()")) {
            rs.next();
            return rs.getString(1);
        } catch (SQLException e) {
            return "unknown";
        }
    }

    /** The server's CPU so far (one process, many threads): /proc utime+stime through ProcessHandle. */
    long cpuNanos() {
        return process.info().totalCpuDuration().map(java.time.Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
