package io.github.broadleafmeta.benchmarks.store;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The sample store in its own process, started the way an operator starts it ({@code run.sh}, SKIP_BUILD=1) in
 * bench mode ({@code STORE_BENCH=true}), pinned with {@code taskset} to the CPUs given (the driver runs on the
 * others). On a new HSQLDB file database, or on an embedded PostgreSQL 14 with {@code fsync=on} and
 * {@code synchronous_commit=on} whose server processes are pinned with the store.
 */
public final class StoreUnderTest implements AutoCloseable {

    private static final long BOOT_TIMEOUT_SECONDS = 900;
    private static final Pattern COMPILATION_MILLIS = Pattern.compile("\"compilationMillis\":(-?\\d+)");

    private final Process process;
    /** BENCH_PG_STATEMENTS: the PostgreSQL store loads pg_stat_statements. */
    private static final boolean PROFILE_STATEMENTS = Boolean.getBoolean("bench.pg.statements");
    private final Path dataDir;
    private final File log;
    private final EmbeddedPostgres postgres;
    private final int sitePort;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private StoreUnderTest(Process process, Path dataDir, File log, EmbeddedPostgres postgres, int sitePort) {
        this.process = process;
        this.dataDir = dataDir;
        this.log = log;
        this.postgres = postgres;
        this.sitePort = sitePort;
    }

    /**
     * @param repo      the repository root (run.sh and a built sample-store/target)
     * @param storeCpus taskset CPU list for the store and its database ("" = no pinning)
     * @param postgres  true: embedded PostgreSQL with fsync on; false: HSQLDB files (the store's default)
     * @param graphUrl  the Graph API stand-in the plugin starts with
     */
    public static StoreUnderTest start(Path repo, String storeCpus, boolean postgres, String graphUrl, String heap)
            throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory("bench-store");
        EmbeddedPostgres pg = null;
        int sitePort = freePort();
        ProcessBuilder pb;
        List<String> command = new ArrayList<>();
        if (!storeCpus.isEmpty()) {
            command.addAll(List.of("taskset", "-c", storeCpus));
        }
        command.addAll(List.of("bash", repo.resolve("run.sh").toString()));
        pb = new ProcessBuilder(command).directory(repo.toFile()).redirectErrorStream(true);
        File log = dataDir.resolve("store.out").toFile();
        pb.redirectOutput(log);
        Map<String, String> env = pb.environment();
        env.put("SKIP_BUILD", "1");
        env.put("STORE_BENCH", "true");
        env.put("STORE_DATA_DIR", dataDir.toString());
        env.put("STORE_PORT", String.valueOf(sitePort));
        env.put("ADMIN_PORT", String.valueOf(freePort()));
        // The benchmarks switch the plugin off and on every few journeys. A store does not: left on, the Purchase
        // sweep would rebuild each "off" round's orders in the next "on" round, work charged to journeys that did not
        // cause it. Its first run at start-up still happens; the next one is a day away.
        env.put("STORE_JAVA_OPTS", "-Xmx" + heap + " -Dmeta.purchase.sweepSeconds=86400");
        env.put("META_PIXEL_ID", "123456789012345");
        env.put("META_CAPI_ACCESS_TOKEN", "bench-access-token");
        env.put("META_CAPI_GRAPH_URL", graphUrl);
        if (postgres) {
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder().setDataDirectory(dataDir.resolve("pg"))
                    .setCleanDataDirectory(true).setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on");
            if (PROFILE_STATEMENTS) {
                builder.setServerConfig("shared_preload_libraries", "pg_stat_statements");
            }
            pg = builder.start();
            if (PROFILE_STATEMENTS) {
                try (Connection c = pg.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
                    s.execute("CREATE EXTENSION pg_stat_statements");
                } catch (SQLException e) {
                    throw new IllegalStateException("cannot create pg_stat_statements", e);
                }
            }
            if (!storeCpus.isEmpty()) {
                pinPostgres(dataDir.resolve("pg"), storeCpus);
            }
            env.put("STORE_JDBC_URL", pg.getJdbcUrl("postgres", "postgres"));
            env.put("STORE_JDBC_USER", "postgres");
            env.put("STORE_JDBC_PASSWORD", "postgres");
        }
        StoreUnderTest store = new StoreUnderTest(pb.start(), dataDir, log, pg, sitePort);
        store.awaitReady();
        return store;
    }

    /** Pins the postmaster (and so the backends it forks later) and its current children to the store's CPUs. */
    private static void pinPostgres(Path pgData, String cpus) throws IOException, InterruptedException {
        String pid = Files.readAllLines(pgData.resolve("postmaster.pid")).get(0).trim();
        Process taskset = new ProcessBuilder("taskset", "-a", "-p", "-c", cpus, pid).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        taskset.waitFor(10, TimeUnit.SECONDS);
        ProcessHandle.of(Long.parseLong(pid)).ifPresent(p -> p.children().forEach(child -> {
            try {
                new ProcessBuilder("taskset", "-p", "-c", cpus, String.valueOf(child.pid()))
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("cannot pin PostgreSQL process " + child.pid(), e);
            }
        }));
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(BOOT_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            String text = log.exists() ? Files.readString(log.toPath(), StandardCharsets.ISO_8859_1) : "";
            if (text.contains("BrewBeans is ready.")) {
                return;
            }
            if (!process.isAlive()) {
                close();
                throw new IllegalStateException("run.sh exited with " + process.exitValue() + "; see " + log
                        + ":\n" + tail(text));
            }
            Thread.sleep(500);
        }
        close();
        throw new IllegalStateException("the store was not ready within " + BOOT_TIMEOUT_SECONDS + " s; see " + log);
    }

    /** CPU time so far of the store's JVM (and its plugin threads) and of its database server, if it has one. */
    StoreCpu.Reading cpu() throws IOException {
        long database = -1;
        if (postgres != null) {
            database = Long.parseLong(Files.readAllLines(dataDir.resolve("pg").resolve("postmaster.pid")).get(0)
                    .trim());
        }
        return StoreCpu.read(process.pid(), database);
    }

    /** Whether the database profiles statements ({@code BENCH_PG_STATEMENTS}, PostgreSQL only). */
    boolean profilesStatements() {
        return postgres != null && PROFILE_STATEMENTS;
    }

    /** Starts the statement profile afresh. */
    void resetStatementProfile() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** Statements touching the plugin's tables ({@code META_…}) since the reset: calls, execution ms, rows, text. */
    List<Object[]> pluginStatements() throws SQLException {
        List<Object[]> rows = new ArrayList<>();
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
                java.sql.ResultSet rs = s.executeQuery("SELECT calls, total_exec_time, rows, query FROM "
                        + "pg_stat_statements WHERE query ILIKE '%meta\\_%' ORDER BY total_exec_time DESC")) {
            while (rs.next()) {
                rows.add(new Object[] {rs.getLong(1), rs.getDouble(2), rs.getLong(3), rs.getString(4)});
            }
        }
        return rows;
    }

    public String siteUrl() {
        return "http://127.0.0.1:" + sitePort + "/";
    }

    public String database() {
        return postgres != null ? "PostgreSQL 14 (embedded, fsync=on, synchronous_commit=on)" : "HSQLDB 2.3 (files)";
    }

    /** Sets (value null: clears) a {@code meta.*} system property of the store's JVM through its bench endpoint. */
    public void property(String name, String value) throws IOException, InterruptedException {
        String query = "name=" + URLEncoder.encode(name, StandardCharsets.UTF_8)
                + (value == null ? "" : "&value=" + URLEncoder.encode(value, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(siteUrl() + "bench/property?" + query))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 204) {
            throw new IllegalStateException("bench/property answered HTTP " + r.statusCode()
                    + " (is the store in bench mode?)");
        }
    }

    /** The store JVM's JIT compilation time so far (ms, CompilationMXBean; -1 where it cannot tell). */
    public long compilationMillis() throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(siteUrl() + "bench/jit")).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher m = COMPILATION_MILLIS.matcher(r.body());
        if (r.statusCode() != 200 || !m.find()) {
            throw new IllegalStateException("bench/jit answered HTTP " + r.statusCode()
                    + " (is the store in bench mode?)");
        }
        return Long.parseLong(m.group(1));
    }

    /** The bench filter's JSON for one measured request. */
    public String measured(String id) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(siteUrl() + "bench/request-counts?id="
                + URLEncoder.encode(id, StandardCharsets.UTF_8))).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException("no measurement for " + id + ": HTTP " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    @Override
    public void close() throws IOException, InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        }
        if (postgres != null) {
            postgres.close();
        }
        try (var files = Files.walk(dataDir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static String tail(String text) {
        return text.length() > 3000 ? text.substring(text.length() - 3000) : text;
    }
}
