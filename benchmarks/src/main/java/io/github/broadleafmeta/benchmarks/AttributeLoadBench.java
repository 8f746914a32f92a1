package io.github.broadleafmeta.benchmarks;

import io.github.broadleafmeta.core.broadleaf31.config.OrderPurchaseQueries;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * {@code ./bench.sh attribute-load}: what the checkout's load of one order's attributes (the SELECT Hibernate runs
 * when the plugin stores the request's fields on the order) costs on PostgreSQL as the store's order history grows,
 * without an index on {@code BLC_ORDER_ATTRIBUTE.ORDER_ID} (Broadleaf 3.1 declares none, PostgreSQL does not index
 * a foreign key) and after the plugin's own {@link OrderPurchaseQueries#ensureIndexes}. Nine attribute rows per order,
 * as the checkout stores them; client-side time per query over the JDBC driver, in rounds of random orders.
 */
public final class AttributeLoadBench {

    static final String LOAD = "SELECT ORDER_ATTRIBUTE_ID, NAME, VALUE FROM BLC_ORDER_ATTRIBUTE WHERE ORDER_ID = ?";

    private AttributeLoadBench() {
    }

    public static Report run(int[] orderCounts, int rounds, int queriesPerRound, String pgFsync) throws Exception {
        List<List<String>> rows = new ArrayList<>();
        String description;
        try (BenchDatabase db = BenchDatabase.open(BenchDatabase.Kind.POSTGRES, 2, "on", pgFsync);
                Connection c = db.dataSource().getConnection()) {
            description = db.description();
            c.setAutoCommit(true);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE TABLE BLC_ORDER (ORDER_ID BIGINT PRIMARY KEY, SUBMIT_DATE TIMESTAMP)");
                s.execute("CREATE TABLE BLC_ORDER_ATTRIBUTE (ORDER_ATTRIBUTE_ID BIGINT PRIMARY KEY, NAME VARCHAR(255)"
                        + " NOT NULL, VALUE VARCHAR(255), ORDER_ID BIGINT NOT NULL REFERENCES BLC_ORDER)");
            }
            Random random = new Random(20261207);
            long loaded = 0;
            for (int orders : orderCounts) {
                try (Statement s = c.createStatement()) {
                    s.execute("INSERT INTO BLC_ORDER (ORDER_ID) SELECT g FROM generate_series(" + (loaded + 1) + ", "
                            + orders + ") g");
                    s.execute("INSERT INTO BLC_ORDER_ATTRIBUTE SELECT g, 'meta_' || (g % 9),"
                            + " 'a value of about forty characters, as stored', (g - 1) / 9 + 1"
                            + " FROM generate_series(" + (loaded * 9 + 1) + ", " + (orders * 9L) + ") g");
                    s.execute("VACUUM ANALYZE BLC_ORDER_ATTRIBUTE");
                }
                loaded = orders;
                for (boolean indexed : new boolean[] {false, true}) {
                    if (indexed) {
                        new OrderPurchaseQueries(db.dataSource(), "META_EVENT_OUTBOX").ensureIndexes();
                    }
                    List<Double> medians = roundMedians(c, orders, rounds, queriesPerRound, random);
                    rows.add(Arrays.asList(String.format("%,d", orders), String.format("%,d", orders * 9L),
                            indexed ? "yes (ensureIndexes)" : "no", Report.f0(medians.get(medians.size() / 2)),
                            Report.f0(medians.get(0)) + " – " + Report.f0(medians.get(medians.size() - 1)),
                            plan(c)));
                    if (indexed) {
                        try (Statement s = c.createStatement()) {
                            s.execute("DROP INDEX " + OrderPurchaseQueries.ORDER_ATTRIBUTE_INDEX);
                            s.execute("DROP INDEX " + OrderPurchaseQueries.SUBMIT_DATE_INDEX);
                        }
                    }
                }
            }
        }
        Report report = new Report("attribute-load", "The checkout's load of an order's attributes on PostgreSQL");
        report.note("Database: " + description + ". " + rounds + " rounds of " + queriesPerRound
                + " queries for random orders after 50 warm-up queries; the time is the client's, per query"
                + " (prepared statement, nine rows read).");
        report.table("load", "One order's attributes (`" + LOAD + "`)", Arrays.asList("orders", "attribute rows",
                "index on ORDER_ID", "median of round medians µs", "round medians µs", "plan"), rows);
        return report;
    }

    private static List<Double> roundMedians(Connection c, int orders, int rounds, int perRound, Random random)
            throws SQLException {
        List<Double> medians = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(LOAD)) {
            for (int i = 0; i < 50; i++) {
                load(ps, 1 + random.nextInt(orders));
            }
            for (int round = 0; round < rounds; round++) {
                double[] micros = new double[perRound];
                for (int i = 0; i < perRound; i++) {
                    long start = System.nanoTime();
                    load(ps, 1 + random.nextInt(orders));
                    micros[i] = (System.nanoTime() - start) / 1000.0;
                }
                Arrays.sort(micros);
                medians.add(micros[perRound / 2]);
            }
        }
        Collections.sort(medians);
        return medians;
    }

    private static void load(PreparedStatement ps, long orderId) throws SQLException {
        ps.setLong(1, orderId);
        int read = 0;
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                read++;
            }
        }
        if (read != 9) {
            throw new IllegalStateException("order " + orderId + " has " + read + " attribute rows, not 9");
        }
    }

    private static String plan(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("EXPLAIN " + LOAD.replace("?", "42"))) {
            rs.next();
            String line = rs.getString(1);
            return line.contains("Index") ? "index scan" : line.contains("Gather") ? "parallel seq scan" : "seq scan";
        }
    }
}
