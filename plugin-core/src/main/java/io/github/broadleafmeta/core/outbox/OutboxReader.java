package io.github.broadleafmeta.core.outbox;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** The admin's side of the outbox: read-only reports over the event records and the queue. */
public interface OutboxReader {

    /** Pixel id → status → rows created since {@code since}. */
    Map<String, Map<OutboxStatus, Long>> countsByStatus(Instant since);

    /** Rows created since {@code since}, per UTC hour of creation and current status, oldest hour first. */
    List<HourlyCount> hourlyCounts(Instant since);

    /** {@link #hourlyCounts(Instant)} of one pixel's rows; {@code pixelId} null: every pixel. */
    List<HourlyCount> hourlyCounts(Instant since, String pixelId);

    /** Rows not yet final, and the age of the oldest waiting one. */
    Backlog backlog();

    /** {@link #backlog()} of one pixel's rows; {@code pixelId} null: every pixel. */
    Backlog backlog(String pixelId);

    /** {@link #backlog()} per pixel id, in one read; pixels without rows not yet final are absent. */
    Map<String, Backlog> backlogByPixel();

    /** The most recently recorded error, for one pixel or ({@code null}) any; {@code null} when there is none. */
    OutboxRow lastError(String pixelId);

    /** Rows matching every given filter, newest first, without payloads. */
    OutboxPage search(OutboxSearch search, int offset, int limit);

    /** One row including its payload, or {@code null}. */
    OutboxRow findById(long id);

    /** Per event name (rows created since {@code since}): the number of rows that carried each default key. */
    List<MatchKeyCoverage> matchKeyCoverage(Instant since);

    /** Per event name (rows created since {@code since}): the number of rows that carried each key. */
    List<MatchKeyCoverage> matchKeyCoverage(Instant since, List<String> keys);

    /** The payloads of the SENT rows of one event, by pixel id. */
    Map<String, String> sentPayloads(String eventName, String eventId);

    /** The event table's name, for adapters that join it read-only (e.g. the cancelled-order scan). */
    String tableName();
}
