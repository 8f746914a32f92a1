package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

import javax.sql.DataSource;

/**
 * How long outbox rows, and the customer data in them (IP address, user agent, fbp/fbc, hashed identifiers), are
 * kept. An event record is deleted once it is final ({@link OutboxStatus#isFinal()}) and was recorded before the
 * retention cutoff; a row that can still be delivered (it has a queue row) is never deleted. A row held for
 * credentials can be delivered only while Meta accepts its event time (7 days), so
 * {@link OutboxQueue#expireHeld} turns older held rows EXPIRED, and they are deleted like every other final row.
 *
 * <p>Deletes run in bounded batches ({@link OutboxConfig#pruneBatchSize()} rows, committed each) found through the
 * created_at index, so they never hold long locks; final rows have no queue row, so nothing else is touched.
 * Rendered marks of events no longer recorded go in the same run.
 */
final class OutboxRetention {

    /** Every final status, for SQL; derived from the enum so a new final status is pruned too. */
    static final String FINAL_STATUSES = finalStatusList();

    private final DataSource dataSource;
    private final OutboxConfig config;
    private final OutboxSchema schema;
    private final OutboxSql sql;

    OutboxRetention(DataSource dataSource, OutboxConfig config, OutboxSchema schema) {
        this.dataSource = dataSource;
        this.config = config;
        this.schema = schema;
        this.sql = new OutboxSql(config);
    }

    /** Deletes final rows created before {@code recordedBefore}; returns how many event records. */
    int pruneFinal(Instant recordedBefore) {
        int total = 0;
        try (Connection c = dataSource.getConnection()) {
            Dialect d = schema.dialect(c);
            String delete = d.boundedDeleteSql(sql.events(), "created_at < ? AND status IN (" + FINAL_STATUSES + ")");
            try (PreparedStatement ps = c.prepareStatement(delete)) {
                while (true) {
                    ps.setLong(1, recordedBefore.toEpochMilli());
                    ps.setInt(2, config.pruneBatchSize());
                    int n = ps.executeUpdate();
                    OutboxSql.commitIfNeeded(c);
                    total += n;
                    if (n < config.pruneBatchSize()) {
                        break;
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("DELETE FROM " + sql.rendered() + " WHERE rendered_at < ? "
                    + "AND NOT EXISTS (SELECT 1 FROM " + sql.events() + " e WHERE e.pixel_id = " + sql.rendered()
                    + ".pixel_id AND e.event_name = " + sql.rendered() + ".event_name AND e.event_id = "
                    + sql.rendered() + ".event_id)")) {
                ps.setLong(1, recordedBefore.toEpochMilli());
                ps.executeUpdate();
                OutboxSql.commitIfNeeded(c);
            }
            return total;
        } catch (SQLException e) {
            throw new OutboxException(String.format("Could not prune final outbox rows (deleted %d)", total), e);
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
