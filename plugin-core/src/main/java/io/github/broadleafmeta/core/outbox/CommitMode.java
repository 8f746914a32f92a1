package io.github.broadleafmeta.core.outbox;

/**
 * Whether a write of the outbox's own waits for the database's log to reach the disk before it returns.
 *
 * <p>Only PostgreSQL lets one transaction choose ({@code synchronous_commit} set for that transaction alone); on
 * HSQLDB and MariaDB both modes are the server's own setting.
 */
public enum CommitMode {

    /** The commit returns once its log is on disk: what the caller wrote survives a database crash. */
    SYNCHRONOUS,

    /**
     * The commit returns before its log is on disk (PostgreSQL flushes it within about three times
     * {@code wal_writer_delay}, 0.6 s by default). The row is visible to every other session at once and survives
     * the store's own crash; only a crash of the database server itself in that window loses it. For writes whose
     * loss then costs nothing lasting: a page event whose browser copy Meta already has, a Purchase its order
     * rebuilds, a lease or an outcome whose loss means one more send that Meta deduplicates. In return the write
     * does not queue for the disk beside the store's own commits (the checkout's order save).
     */
    ASYNCHRONOUS
}
