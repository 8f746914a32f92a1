package io.github.broadleafmeta.benchmarks;

import io.github.broadleafmeta.core.outbox.CommitMode;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * {@code ./bench.sh event-insert}: what one page event's insert writes on PostgreSQL with the outbox's order-number,
 * confirmation-key and last-error indexes as schema 6 builds them (partial: only rows with a value) and as schema 5
 * had them (every row), in alternating rounds on one server. A page event has none of the three values. WAL bytes per
 * insert are exact (the server's WAL position before and after a round, commits included; nothing else writes); the
 * client's time per insert is the median of each round's inserts. One insert per call and transaction, as the
 * background writer writes a single shopper's events, asynchronous commit as it does. {@code idleMillis} &gt; 0
 * pauses between inserts, as a single shopper's events arrive: the same statement then runs on cold caches.
 */
public final class EventInsertBench {

    private static final String[][] KEY_COLUMNS = {{"CONF_KEY", "confirmation_key"}, {"ORDER", "order_number"},
        {"LAST_ERROR", "last_error_at"}};

    private EventInsertBench() {
    }

    public static Report run(int rounds, int insertsPerRound, long idleMillis, String pgFsync) throws Exception {
        String payload = "{\"event_name\":\"PageView\",\"custom_data\":\"" + String.join("",
                Collections.nCopies(1400, "x")) + "\"}";
        List<List<String>> rows = new ArrayList<>();
        String description;
        try (BenchDatabase db = BenchDatabase.open(BenchDatabase.Kind.POSTGRES, 2, "on", pgFsync)) {
            description = db.description();
            JdbcOutbox partial = outbox(db, "BENCH_PARTIAL", false);
            JdbcOutbox full = outbox(db, "BENCH_FULL", true);
            List<Double> walPartial = new ArrayList<>();
            List<Double> walFull = new ArrayList<>();
            List<Double> microsPartial = new ArrayList<>();
            List<Double> microsFull = new ArrayList<>();
            insertRound(db, partial, "warm-p", 500, 0, payload);
            insertRound(db, full, "warm-f", 500, 0, payload);
            for (int round = 0; round < rounds; round++) {
                // ABBA: neither layout always goes first.
                boolean partialFirst = round % 2 == 0;
                for (boolean isPartial : partialFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                    double[] r = insertRound(db, isPartial ? partial : full, "r" + round, insertsPerRound,
                            idleMillis, payload);
                    (isPartial ? walPartial : walFull).add(r[0]);
                    (isPartial ? microsPartial : microsFull).add(r[1]);
                }
            }
            rows.add(row("schema 6: partial (rows with a value)", walPartial, microsPartial));
            rows.add(row("schema 5: every row", walFull, microsFull));
        }
        Report report = new Report("event-insert", "One page event's insert on PostgreSQL, by index layout");
        report.note("Database: " + description + ". " + rounds + " rounds of " + insertsPerRound + " page-event"
                + " inserts per layout (1.4 kB payload, no order number, confirmation key or error), alternating"
                + " ABBA, after 500 warm-up inserts each; autovacuum off on both tables; "
                + (idleMillis > 0 ? idleMillis + " ms idle between inserts." : "back to back."));
        report.table("insert", "Per insert (record and queue row, one statement and commit)", Arrays.asList(
                "order / confirmation / error indexes", "WAL bytes per insert, median of rounds [min – max]",
                "client µs per insert, median of round medians [min – max]"), rows);
        return report;
    }

    private static JdbcOutbox outbox(BenchDatabase db, String table, boolean everyRow) throws SQLException {
        JdbcOutbox outbox = new JdbcOutbox(db.dataSource(), OutboxConfig.custom().tableName(table).build(),
                Clock.systemUTC());
        outbox.initialize();
        try (Connection c = db.dataSource().getConnection(); Statement s = c.createStatement()) {
            s.execute("ALTER TABLE " + table + " SET (autovacuum_enabled = false)");
            s.execute("ALTER TABLE " + table + "_QUEUE SET (autovacuum_enabled = false)");
            if (everyRow) {
                for (String[] k : KEY_COLUMNS) {
                    s.execute("DROP INDEX " + table + "_" + k[0] + "_PARTIAL_IX");
                    s.execute("CREATE INDEX " + table + "_" + k[0] + "_IX ON " + table + " (" + k[1] + ")");
                }
            }
        }
        return outbox;
    }

    /** WAL bytes per insert and the median client µs per insert of one round. */
    private static double[] insertRound(BenchDatabase db, JdbcOutbox outbox, String prefix, int n, long idleMillis,
            String payload) throws SQLException, InterruptedException {
        double[] micros = new double[n];
        long walBefore = db.walPosition();
        for (int i = 0; i < n; i++) {
            OutboxEntry e = OutboxEntry.builder().pixelId("123456789012345").eventName("PageView")
                    .eventId(prefix + "-" + i).eventTime(System.currentTimeMillis() / 1000).payloadJson(payload)
                    .build();
            long start = System.nanoTime();
            outbox.enqueueAll(Collections.singletonList(e), CommitMode.ASYNCHRONOUS);
            micros[i] = (System.nanoTime() - start) / 1000.0;
            if (idleMillis > 0) {
                Thread.sleep(idleMillis);
            }
        }
        long wal = db.walPosition() - walBefore;
        Arrays.sort(micros);
        return new double[] {(double) wal / n, micros[n / 2]};
    }

    private static List<String> row(String layout, List<Double> wal, List<Double> micros) {
        Collections.sort(wal);
        Collections.sort(micros);
        return Arrays.asList(layout, Report.f0(wal.get(wal.size() / 2)) + " [" + Report.f0(wal.get(0)) + " – "
                + Report.f0(wal.get(wal.size() - 1)) + "]", Report.f1(micros.get(micros.size() / 2)) + " ["
                + Report.f1(micros.get(0)) + " – " + Report.f1(micros.get(micros.size() - 1)) + "]");
    }
}
