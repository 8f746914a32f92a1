package io.github.broadleafmeta.core.outbox;

import java.io.IOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import javax.sql.DataSource;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Answers a data-subject request: removes every outbox row that belongs to one customer, whatever its status (the
 * event record and, for an undelivered event, its queue row), and records that it did so without the customer's
 * value.
 *
 * <p>A row belongs to the customer when its payload's {@code user_data} carries the {@link CustomerIdentifier}'s
 * digest under the identifier's own key ({@code em}, {@code ph} or {@code external_id}). The table has no column per
 * identifier (that would add index work to every storefront insert for a rare admin action), so the erasure reads
 * the table once in id order: the database pre-selects rows whose payload contains the quoted digest, and each
 * candidate's JSON is then checked field by field, so the same digest under another key never matches. The table
 * holds only the retention period's rows ({@link OutboxRetention}), which bounds this scan.
 *
 * <p>Every erasure adds a line to {@code <outbox table>_ERASURE_LOG}: when, which kind of identifier, the first
 * {@value CustomerIdentifier#PREFIX_LENGTH} digest digits, rows removed and who asked. The plugin's other tables
 * (settings, dispatch status) hold no customer data. Rows written while an erasure runs, by a shopper still using
 * the store, are not covered: erase again after the customer's account is closed.
 */
public final class CustomerErasure {

    private static final Log LOG = LogFactory.getLog(CustomerErasure.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_REQUESTED_BY_LENGTH = 100;

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Clock clock;
    private final String t;
    private final String log;
    private volatile boolean logTableReady;

    public CustomerErasure(DataSource dataSource, OutboxConfig config, Clock clock) {
        if (dataSource == null || config == null || clock == null) {
            throw new IllegalArgumentException("dataSource, config and clock are required");
        }
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
        this.t = config.tableName();
        this.log = config.tableName() + "_ERASURE_LOG";
    }

    /** The audit table's name. */
    public String logTableName() {
        return log;
    }

    /**
     * Removes every outbox row of the customer and records one audit line.
     *
     * @param requestedBy who asked (an admin user name), stored in the audit line
     * @throws OutboxException when the database fails; rows removed before the failure stay removed, and the
     *                         message says how many
     */
    public ErasureResult erase(CustomerIdentifier customer, String requestedBy) {
        if (customer == null) {
            throw new IllegalArgumentException("customer is required");
        }
        String who = requestedBy == null || requestedBy.trim().isEmpty() ? "unknown" : requestedBy.trim();
        if (who.length() > MAX_REQUESTED_BY_LENGTH) {
            who = who.substring(0, MAX_REQUESTED_BY_LENGTH);
        }
        int removed = deleteRowsOf(customer);
        Instant at = clock.instant();
        recordErasure(customer, removed, who, at);
        LOG.info("Meta event outbox: erasure by " + customer + " requested by " + who + ": " + removed
                + " rows removed");
        return new ErasureResult(customer.kind(), customer.hashPrefix(), removed, at);
    }

    private int deleteRowsOf(CustomerIdentifier customer) {
        int batch = config.pruneBatchSize();
        String select = "SELECT id, payload FROM " + t + " WHERE id > ? AND payload LIKE ? ORDER BY id LIMIT ?";
        // The digest is hex, so it holds no LIKE wildcard; the quotes keep it to one whole JSON string.
        String pattern = "%\"" + customer.hash() + "\"%";
        int removed = 0;
        long after = Long.MIN_VALUE;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(select)) {
            while (true) {
                List<Long> matching = new ArrayList<Long>();
                int candidates = 0;
                ps.setLong(1, after);
                ps.setString(2, pattern);
                ps.setInt(3, batch);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        candidates++;
                        after = rs.getLong(1);
                        if (carries(rs.getString(2), customer)) {
                            matching.add(after);
                        }
                    }
                }
                removed += delete(c, matching);
                if (candidates < batch) {
                    return removed;
                }
            }
        } catch (SQLException e) {
            throw new OutboxException("Could not erase the customer's outbox rows (" + removed + " removed before the "
                    + "failure; run the erasure again)", e);
        }
    }

    /** True when the payload's user_data holds the digest under the identifier's key. */
    static boolean carries(String payload, CustomerIdentifier customer) {
        JsonNode values;
        try {
            values = JSON.readTree(payload).path("user_data").path(customer.kind().key());
        } catch (IOException e) {
            // Never the case for rows this plugin wrote; such a row is left for retention, not guessed at.
            return false;
        }
        if (values.isTextual()) {
            return customer.hash().equals(values.asText());
        }
        for (JsonNode value : values) {
            if (customer.hash().equals(value.asText())) {
                return true;
            }
        }
        return false;
    }

    private int delete(Connection c, List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return 0;
        }
        // The queue row (an undelivered event's) goes with its event record, in one transaction.
        String in = " WHERE id IN (" + OutboxSql.placeholders(ids.size()) + ")";
        return OutboxSql.inTransaction(c, () -> {
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + config.queueTableName() + in)) {
                OutboxSql.bindIds(ps, 1, ids);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + t + in)) {
                OutboxSql.bindIds(ps, 1, ids);
                return ps.executeUpdate();
            }
        });
    }

    private void recordErasure(CustomerIdentifier customer, int removed, String who, Instant at) {
        try (Connection c = dataSource.getConnection()) {
            ensureLogTable(c);
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + log + " (erased_at, identifier_kind, "
                    + "hash_prefix, rows_removed, requested_by) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, at.toEpochMilli());
                ps.setString(2, customer.kind().name());
                ps.setString(3, customer.hashPrefix());
                ps.setInt(4, removed);
                ps.setString(5, who);
                ps.executeUpdate();
            }
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            throw new OutboxException("Removed " + removed + " outbox rows of the customer, but could not record the "
                    + "erasure in " + log, e);
        }
    }

    /** The latest erasures, newest first (at most {@code limit}, 1..1000). */
    public List<ErasureResult.Record> recentErasures(int limit) {
        if (limit < 1 || limit > 1000) {
            throw new IllegalArgumentException("limit must be 1..1000, was: " + limit);
        }
        try (Connection c = dataSource.getConnection()) {
            ensureLogTable(c);
            List<ErasureResult.Record> out = new ArrayList<ErasureResult.Record>();
            try (PreparedStatement ps = c.prepareStatement("SELECT erased_at, identifier_kind, hash_prefix, "
                    + "rows_removed, requested_by FROM " + log + " ORDER BY erased_at DESC, id DESC LIMIT ?")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        out.add(new ErasureResult.Record(Instant.ofEpochMilli(rs.getLong(1)),
                                CustomerIdentifier.Kind.valueOf(rs.getString(2)), rs.getString(3), rs.getInt(4),
                                rs.getString(5)));
                    }
                }
            }
            return Collections.unmodifiableList(out);
        } catch (SQLException e) {
            throw new OutboxException("Could not read " + log, e);
        }
    }

    private void ensureLogTable(Connection c) throws SQLException {
        if (logTableReady) {
            return;
        }
        Dialect d = Dialect.detect(c.getMetaData().getDatabaseProductName());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + log + " (id " + d.identityColumn() + ", erased_at BIGINT NOT NULL, "
                    + "identifier_kind VARCHAR(20) NOT NULL, hash_prefix VARCHAR(" + CustomerIdentifier.PREFIX_LENGTH
                    + ") NOT NULL, rows_removed INT NOT NULL, requested_by VARCHAR(" + MAX_REQUESTED_BY_LENGTH
                    + ") NOT NULL)");
            if (!c.getAutoCommit()) {
                c.commit();
            }
        } catch (SQLException e) {
            if (!d.isAlreadyExists(e)) {
                throw e;
            }
            if (!c.getAutoCommit()) {
                // PostgreSQL aborts the transaction on the failed CREATE.
                c.rollback();
            }
        }
        logTableReady = true;
    }
}
