package io.github.broadleafmeta.core.outbox;

import java.sql.Connection;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

import javax.sql.DataSource;

/**
 * The durable event outbox, in the store's own database, shared by every store node.
 *
 * <p>Outbox v2 stores an event in two places: an append-only <b>event record</b> (payload, identifiers, created
 * time; its status and result columns are written once, when the outcome is final) and, while it is undelivered,
 * a narrow <b>queue row</b> (id, pixel, due time, lease owner, lease end, attempts, and the last retry's error).
 * Claims, retries and releases touch only queue rows; a final outcome deletes them and writes the event record once.
 * "Browser copy rendered" marks go into a third narrow table. See docs/ARCHITECTURE.md, "Outbox v2".
 *
 * <p>This class is the facade the plugin wires: {@link #initialize()} creates or migrates the schema
 * ({@link OutboxSchema}), and each method delegates to one side, each behind its own small interface:
 * {@link OutboxWriter} for storefront threads ({@link #enqueue(OutboxEntry)}: never throws),
 * {@link OutboxQueue} for dispatchers, {@link OutboxReader} for the admin. All times are epoch milliseconds from
 * the injected clock.
 *
 * <p>The data source must hand out plain connections (not ones bound to a storefront transaction): the outbox
 * commits its own work, and a tracking insert must never join, slow or roll back a checkout.
 */
public final class JdbcOutbox implements OutboxWriter, OutboxQueue, OutboxReader {

    /** The match keys the coverage report shows by default (hashed user_data keys, then the unhashed ones). */
    public static final List<String> DEFAULT_MATCH_KEYS = Collections.unmodifiableList(Arrays.asList(
            "em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country", "external_id", "fbp", "fbc", "ip", "ua"));

    private final OutboxConfig config;
    private final OutboxSchema schema;
    private final JdbcOutboxWriter writer;
    private final JdbcOutboxQueue queue;
    private final JdbcOutboxReader reader;

    public JdbcOutbox(DataSource dataSource, OutboxConfig config, Clock clock) {
        this(dataSource, config, clock, EnqueueListener.NO_OP);
    }

    public JdbcOutbox(DataSource dataSource, OutboxConfig config, Clock clock, EnqueueListener enqueueListener) {
        if (dataSource == null || config == null || clock == null || enqueueListener == null) {
            throw new IllegalArgumentException("dataSource, config, clock and enqueueListener are required");
        }
        this.config = config;
        this.schema = new OutboxSchema(dataSource, config, clock);
        this.writer = new JdbcOutboxWriter(dataSource, config, clock, enqueueListener, schema);
        this.queue = new JdbcOutboxQueue(dataSource, config, clock, schema);
        this.reader = new JdbcOutboxReader(dataSource, config, clock, schema);
    }

    /** The storefront's side alone. */
    public OutboxWriter writer() {
        return writer;
    }

    /** The dispatcher's side alone. */
    public OutboxQueue queue() {
        return queue;
    }

    /** The admin's side alone. */
    public OutboxReader reader() {
        return reader;
    }

    // ------------------------------------------------------------------------------------------------ schema

    /**
     * Creates or migrates the schema, moving rows in flight of an older schema into the queue. Idempotent, and
     * safe when several nodes start at once: every DDL statement tolerates "already exists", data moves skip rows
     * already moved, and the version row is written after its statements.
     *
     * @throws IllegalStateException when the database is not supported
     * @throws OutboxException on any other database failure
     */
    public void initialize() {
        schema.initialize();
    }

    /** The dialect found by {@link #initialize()} (or the first use), {@code null} before. */
    public Dialect dialect() {
        return schema.dialect();
    }

    /** The highest applied migration, 0 when none. */
    public int schemaVersion() {
        return schema.version();
    }

    /** Applies the migrations up to {@code version} only: tests build an older schema with it. */
    void migrateTo(int version) {
        schema.migrateTo(version);
    }

    String claimSql(Dialect d) {
        return queue.claimSql(d);
    }

    String leasedRowsSql() {
        return queue.leasedRowsSql();
    }

    // ----------------------------------------------------------------------------------------------- writer

    @Override
    public EnqueueResult enqueue(OutboxEntry entry) {
        return writer.enqueue(entry);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<OutboxEntry> entries) {
        return writer.enqueueAll(entries);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<OutboxEntry> entries, CommitMode mode) {
        return writer.enqueueAll(entries, mode);
    }

    @Override
    public List<EnqueueResult> enqueueAll(List<OutboxEntry> entries, Connection hostTransaction) {
        return writer.enqueueAll(entries, hostTransaction);
    }

    @Override
    public int markBrowserRenderedAll(List<String[]> events) {
        return writer.markBrowserRenderedAll(events);
    }

    @Override
    public boolean markBrowserRendered(String pixelId, String eventName, String eventId) {
        return writer.markBrowserRendered(pixelId, eventName, eventId);
    }

    @Override
    public boolean contains(String pixelId, String eventName, String eventId) {
        return writer.contains(pixelId, eventName, eventId);
    }

    // ------------------------------------------------------------------------------------------------ queue

    @Override
    public List<OutboxRow> claim(String owner, int limit, Duration lease) {
        return queue.claim(owner, limit, lease);
    }

    @Override
    public WriteResult markSent(List<OutboxRow> rows, Integer eventsReceived, String fbtraceId) {
        return queue.markSent(rows, eventsReceived, fbtraceId);
    }

    @Override
    public WriteResult markRetry(List<OutboxRow> rows, Instant nextAttemptAt, OutboxError error) {
        return queue.markRetry(rows, nextAttemptAt, error);
    }

    @Override
    public WriteResult markRejected(List<OutboxRow> rows, OutboxError error) {
        return queue.markRejected(rows, error);
    }

    @Override
    public WriteResult markExpired(List<OutboxRow> rows, OutboxError reason) {
        return queue.markExpired(rows, reason);
    }

    @Override
    public WriteResult markHeld(List<OutboxRow> rows, String credentialsFingerprint, OutboxError error,
            boolean countAttempt) {
        return queue.markHeld(rows, credentialsFingerprint, error, countAttempt);
    }

    @Override
    public WriteResult markDryRun(List<OutboxRow> rows) {
        return queue.markDryRun(rows);
    }

    @Override
    public WriteResult markNotConfirmed(List<OutboxRow> rows, String reason) {
        return queue.markNotConfirmed(rows, reason);
    }

    @Override
    public WriteResult release(List<OutboxRow> rows, Instant nextAttemptAt) {
        return queue.release(rows, nextAttemptAt);
    }

    @Override
    public int releaseHeld(String pixelId, String currentFingerprint) {
        return queue.releaseHeld(pixelId, currentFingerprint);
    }

    @Override
    public Map<String, Set<String>> heldFingerprints() {
        return queue.heldFingerprints();
    }

    @Override
    public int expireHeld(Instant eventTimeBefore) {
        return queue.expireHeld(eventTimeBefore);
    }

    @Override
    public int pruneFinal(Instant recordedBefore) {
        return queue.pruneFinal(recordedBefore);
    }

    /**
     * The admin's "retry now": a queued or held row becomes due immediately. Other rows are not resent blindly;
     * the result explains why.
     */
    public RetryNowResult retryNow(long id) {
        return queue.retryNow(id, reader);
    }

    // ----------------------------------------------------------------------------------------------- reader

    @Override
    public String tableName() {
        return reader.tableName();
    }

    @Override
    public Map<String, String> sentPayloads(String eventName, String eventId) {
        return reader.sentPayloads(eventName, eventId);
    }

    @Override
    public Map<String, Map<OutboxStatus, Long>> countsByStatus(Instant since) {
        return reader.countsByStatus(since);
    }

    @Override
    public List<HourlyCount> hourlyCounts(Instant since, String pixelId) {
        return reader.hourlyCounts(since, pixelId);
    }

    @Override
    public Backlog backlog(String pixelId) {
        return reader.backlog(pixelId);
    }

    @Override
    public List<HourlyCount> hourlyCounts(Instant since) {
        return reader.hourlyCounts(since);
    }

    @Override
    public Backlog backlog() {
        return reader.backlog();
    }

    @Override
    public Map<String, Backlog> backlogByPixel() {
        return reader.backlogByPixel();
    }

    @Override
    public OutboxRow lastError(String pixelId) {
        return reader.lastError(pixelId);
    }

    @Override
    public OutboxPage search(OutboxSearch search, int offset, int limit) {
        return reader.search(search, offset, limit);
    }

    @Override
    public OutboxRow findById(long id) {
        return reader.findById(id);
    }

    @Override
    public List<MatchKeyCoverage> matchKeyCoverage(Instant since) {
        return reader.matchKeyCoverage(since);
    }

    @Override
    public List<MatchKeyCoverage> matchKeyCoverage(Instant since, List<String> keys) {
        return reader.matchKeyCoverage(since, keys);
    }

    @Override
    public String toString() {
        return "JdbcOutbox{table=" + config.tableName() + ", dialect=" + schema.dialect() + "}";
    }
}
