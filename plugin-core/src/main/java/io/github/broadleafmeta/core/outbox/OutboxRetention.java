package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * How long outbox rows, and the customer data in them (IP address, user agent, fbp/fbc, hashed identifiers), are
 * kept. A row is deleted once it is final ({@link OutboxStatus#isFinal()}) and was recorded before the retention
 * cutoff; a row that can still be delivered is never deleted. A row held for credentials can be delivered only
 * while Meta accepts its event time (7 days), so {@link #expireHeld} turns older held rows EXPIRED, and they are
 * deleted like every other final row.
 *
 * <p>Both statements work in bounded batches ({@link OutboxConfig#pruneBatchSize()} rows, committed each), so
 * they never hold long locks. Deletes find their rows through the created_at index; the expiry through the
 * (status, next_attempt_at) index.
 */
final class OutboxRetention {

    /** Every final status, for SQL; derived from the enum so a new final status is pruned too. */
    static final String FINAL_STATUSES = finalStatusList();

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final Clock clock;
    private final String t;

    OutboxRetention(DataSource dataSource, OutboxConfig config, Clock clock) {
        this.dataSource = dataSource;
        this.config = config;
        this.clock = clock;
        this.t = config.tableName();
    }

    /** Deletes final rows created before {@code recordedBefore}; returns how many. */
    int pruneFinal(Instant recordedBefore) {
        String sql = "DELETE FROM " + t + " WHERE id IN (SELECT id FROM " + t + " WHERE created_at < ? AND status IN ("
                + FINAL_STATUSES + ") LIMIT ?)";
        return inBatches(sql, "Could not prune final outbox rows (deleted %d)", ps -> {
            ps.setLong(1, recordedBefore.toEpochMilli());
            ps.setInt(2, config.pruneBatchSize());
        });
    }

    /**
     * HELD_CREDENTIALS rows whose event time is before {@code eventTimeBefore} become EXPIRED: Meta would refuse
     * them, so no new credentials can deliver them any more. Returns how many.
     */
    int expireHeld(Instant eventTimeBefore) {
        String sql = "UPDATE " + t + " SET status = 'EXPIRED', next_attempt_at = " + Dialect.NEVER + ", "
                + "last_error_message = ?, last_error_at = ?, version = version + 1, updated_at = ? "
                + "WHERE id IN (SELECT id FROM " + t + " WHERE status = 'HELD_CREDENTIALS' AND event_time < ? "
                + "LIMIT ?) AND status = 'HELD_CREDENTIALS'";
        return inBatches(sql, "Could not expire held outbox rows (expired %d)", ps -> {
            long now = clock.millis();
            ps.setString(1, "older than Meta accepts (7 days) while held for credentials; never sent");
            ps.setLong(2, now);
            ps.setLong(3, now);
            ps.setLong(4, eventTimeBefore.getEpochSecond());
            ps.setInt(5, config.pruneBatchSize());
        });
    }

    /** Sets a batch statement's parameters (again before each batch). */
    private interface BatchParameters {
        void bind(PreparedStatement ps) throws SQLException;
    }

    /** Runs {@code sql}, one bounded batch per commit, until a batch touches fewer rows than the batch size. */
    private int inBatches(String sql, String failure, BatchParameters parameters) {
        int total = 0;
        try (Connection c = dataSource.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
            while (true) {
                parameters.bind(ps);
                int n = ps.executeUpdate();
                commitIfNeeded(c);
                total += n;
                if (n < config.pruneBatchSize()) {
                    return total;
                }
            }
        } catch (SQLException e) {
            throw new OutboxException(String.format(failure, total), e);
        }
    }

    private static void commitIfNeeded(Connection c) throws SQLException {
        if (!c.getAutoCommit()) {
            c.commit();
        }
    }

    private static String finalStatusList() {
        StringBuilder sb = new StringBuilder();
        for (OutboxStatus s : OutboxStatus.values()) {
            if (s.isFinal()) {
                sb.append(sb.length() == 0 ? "'" : ", '").append(s.name()).append('\'');
            }
        }
        return sb.toString();
    }
}
