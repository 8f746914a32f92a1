package io.github.broadleafmeta.core.outbox;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import javax.sql.DataSource;

import org.mariadb.jdbc.MariaDbDataSource;

/**
 * A real MariaDB server from Debian's {@code mariadb-server} package, run as a child process of the JVM on a
 * temporary directory: {@code mariadb-install-db} creates the data directory, {@code mariadbd} serves it on a free
 * loopback port, and a shutdown hook stops it and deletes the directory. The server's own system service is never
 * used. Works as root ({@code --user=root}) and as any other user.
 */
public final class MariaDbServer implements AutoCloseable {

    public static final String USER = "root";
    public static final String PASSWORD = "";

    private static final String INSTALL_HINT = "Install Debian's mariadb-server package"
            + " (apt-get install -y mariadb-server; .ci/run does this when it is missing).";
    private static final String[] BINARY_DIRS = {"/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin",
        "/usr/local/mysql/bin"};
    private static final long READY_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(90);
    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static MariaDbServer shared;

    private final Path directory;
    private final int port;
    private final Process process;
    private final Thread shutdownHook;

    private MariaDbServer(Path directory, int port, Process process) {
        this.directory = directory;
        this.port = port;
        this.process = process;
        this.shutdownHook = new Thread(this::stop, "mariadb-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** The one server of this JVM, started on first use. */
    public static synchronized MariaDbServer shared() {
        if (shared == null) {
            shared = start(500);
        }
        return shared;
    }

    /**
     * A server of its own (the caller closes it), e.g. for a test that needs more connections than the shared one
     * allows.
     */
    public static MariaDbServer start(int maxConnections) {
        File mariadbd = binary("mariadbd");
        File installDb = binary("mariadb-install-db");
        Path directory;
        try {
            directory = Files.createTempDirectory("mariadb-test-");
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create a directory for the MariaDB test server", e);
        }
        try {
            Path data = directory.resolve("data");
            run(directory.resolve("install-db.log"), installDb.getPath(), "--no-defaults", "--datadir=" + data,
                    "--user=" + System.getProperty("user.name"), "--auth-root-authentication-method=normal",
                    "--skip-test-db");
            // A port taken between probing and binding makes mariadbd exit at once: try another.
            IllegalStateException lastFailure = null;
            for (int attempt = 0; attempt < 3; attempt++) {
                int port = freePort();
                Process process = new ProcessBuilder(mariadbd.getPath(), "--no-defaults", "--datadir=" + data,
                        "--socket=" + directory.resolve("mariadbd.sock"), "--pid-file=" + directory.resolve("mariadbd.pid"),
                        "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve",
                        "--user=" + System.getProperty("user.name"), "--max-connections=" + maxConnections,
                        // Without a config file the server would default to latin1.
                        "--character-set-server=utf8mb4", "--collation-server=utf8mb4_unicode_ci")
                        .redirectErrorStream(true)
                        .redirectOutput(directory.resolve("mariadbd-" + port + ".log").toFile())
                        .start();
                MariaDbServer server = new MariaDbServer(directory, port, process);
                try {
                    server.awaitReady();
                    return server;
                } catch (IllegalStateException e) {
                    server.close();
                    lastFailure = e;
                    if (process.isAlive()) {
                        break;
                    }
                }
            }
            throw lastFailure;
        } catch (IOException e) {
            deleteRecursively(directory);
            throw new UncheckedIOException("Cannot start the MariaDB test server", e);
        } catch (RuntimeException e) {
            deleteRecursively(directory);
            throw e;
        }
    }

    /** A JDBC URL for a database on this server. */
    public String jdbcUrl(String database) {
        return "jdbc:mariadb://127.0.0.1:" + port + "/" + database;
    }

    public int port() {
        return port;
    }

    /** Creates a new, empty database with a name of its own; returns the name. */
    public String createDatabase() {
        String name = "test" + DATABASES.incrementAndGet();
        try (Connection c = DriverManager.getConnection(jdbcUrl(""), USER, PASSWORD);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot create database " + name + " on the MariaDB test server", e);
        }
        return name;
    }

    public DataSource dataSource(String database) {
        try {
            MariaDbDataSource ds = new MariaDbDataSource(jdbcUrl(database));
            ds.setUser(USER);
            ds.setPassword(PASSWORD);
            return ds;
        } catch (SQLException e) {
            throw new IllegalStateException("Bad MariaDB URL " + jdbcUrl(database), e);
        }
    }

    /** Stops the server and deletes its data directory. */
    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is running or has run: nothing left to remove.
        }
    }

    private synchronized void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteRecursively(directory);
    }

    private void awaitReady() {
        long deadline = System.currentTimeMillis() + READY_TIMEOUT_MILLIS;
        SQLException last = null;
        while (System.currentTimeMillis() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("mariadbd exited with status " + process.exitValue()
                        + " before accepting connections:\n" + logTail());
            }
            try (Connection c = DriverManager.getConnection(jdbcUrl("") + "?connectTimeout=1000", USER, PASSWORD)) {
                return;
            } catch (SQLException e) {
                last = e;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while waiting for the MariaDB test server", e);
            }
        }
        IllegalStateException timeout = new IllegalStateException("mariadbd did not accept connections on port "
                + port + " within " + READY_TIMEOUT_MILLIS / 1000 + " s:\n" + logTail());
        timeout.initCause(last);
        throw timeout;
    }

    private String logTail() {
        return tail(directory.resolve("mariadbd-" + port + ".log"));
    }

    static File binary(String name) {
        List<String> dirs = new ArrayList<>();
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                dirs.add(dir);
            }
        }
        for (String dir : BINARY_DIRS) {
            dirs.add(dir);
        }
        for (String dir : dirs) {
            File candidate = new File(dir, name);
            if (candidate.isFile() && candidate.canExecute()) {
                return candidate;
            }
        }
        throw new IllegalStateException("The MariaDB test server needs the '" + name + "' program, found neither on"
                + " the PATH nor in " + String.join(", ", BINARY_DIRS) + ". " + INSTALL_HINT);
    }

    private static void run(Path log, String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException(command[0] + " did not finish within 2 minutes:\n" + tail(log));
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command[0], e);
        }
        if (p.exitValue() != 0) {
            throw new IllegalStateException(command[0] + " failed with status " + p.exitValue() + ":\n" + tail(log));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is not worth failing a test run for.
        }
    }
}
