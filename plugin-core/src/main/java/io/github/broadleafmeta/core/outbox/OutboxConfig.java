package io.github.broadleafmeta.core.outbox;

import java.time.Duration;

/** Immutable outbox settings. {@code custom()} / {@code from(base)} give a validating builder. */
public final class OutboxConfig {

    public static final String DEFAULT_TABLE_NAME = "META_EVENT_OUTBOX";
    public static final int DEFAULT_MAX_ERROR_MESSAGE_LENGTH = 1000;
    public static final int DEFAULT_PRUNE_BATCH_SIZE = 500;
    public static final Duration DEFAULT_ENQUEUE_FAILURE_LOG_INTERVAL = Duration.ofMinutes(1);

    private static final OutboxConfig DEFAULTS = custom().build();

    private final String tableName;
    private final int maxErrorMessageLength;
    private final int pruneBatchSize;
    private final Duration enqueueFailureLogInterval;
    private final boolean asynchronousCommit;

    private OutboxConfig(Builder b) {
        this.tableName = b.tableName;
        this.maxErrorMessageLength = b.maxErrorMessageLength;
        this.pruneBatchSize = b.pruneBatchSize;
        this.enqueueFailureLogInterval = b.enqueueFailureLogInterval;
        this.asynchronousCommit = b.asynchronousCommit;
    }

    public static OutboxConfig ofDefaults() {
        return DEFAULTS;
    }

    public static Builder custom() {
        return new Builder();
    }

    public static Builder from(OutboxConfig base) {
        return new Builder().tableName(base.tableName).maxErrorMessageLength(base.maxErrorMessageLength)
                .pruneBatchSize(base.pruneBatchSize).enqueueFailureLogInterval(base.enqueueFailureLogInterval)
                .asynchronousCommit(base.asynchronousCommit);
    }

    /**
     * The outbox's event table; the schema-version, queue and rendered-mark tables are this name plus
     * {@code _SCHEMA}, {@code _QUEUE} and {@code _RENDERED}.
     */
    public String tableName() {
        return tableName;
    }

    public String schemaTableName() {
        return tableName + "_SCHEMA";
    }

    /** Outbox v2: the narrow queue of undelivered rows (due time, lease, attempts), keyed by the event's id. */
    public String queueTableName() {
        return tableName + "_QUEUE";
    }

    /** Outbox v2: events whose browser copy was rendered after their row was written (one narrow row each). */
    public String renderedTableName() {
        return tableName + "_RENDERED";
    }

    /** Meta's error messages are cut to this length before they are stored. */
    public int maxErrorMessageLength() {
        return maxErrorMessageLength;
    }

    /** Rows deleted per statement by {@code pruneSent}, so a prune never holds long locks. */
    public int pruneBatchSize() {
        return pruneBatchSize;
    }

    /** While the database keeps failing, enqueue logs at most one WARN per interval (and counts the rest). */
    public Duration enqueueFailureLogInterval() {
        return enqueueFailureLogInterval;
    }

    /**
     * Whether the outbox's background writes may commit {@linkplain CommitMode#ASYNCHRONOUS asynchronously} where
     * the database allows it (PostgreSQL): the background writer's batches, the rendered marks, the dispatcher's
     * claims and outcomes. On by default; off, every write waits for its log flush.
     */
    public boolean asynchronousCommit() {
        return asynchronousCommit;
    }

    public static final class Builder {
        private String tableName = DEFAULT_TABLE_NAME;
        private int maxErrorMessageLength = DEFAULT_MAX_ERROR_MESSAGE_LENGTH;
        private int pruneBatchSize = DEFAULT_PRUNE_BATCH_SIZE;
        private Duration enqueueFailureLogInterval = DEFAULT_ENQUEUE_FAILURE_LOG_INTERVAL;
        private boolean asynchronousCommit = true;

        private Builder() {
        }

        public Builder tableName(String tableName) {
            // The name is put into SQL text, so only plain identifiers are accepted.
            if (tableName == null || !tableName.matches("[A-Za-z][A-Za-z0-9_]{0,40}")) {
                throw new IllegalArgumentException("tableName must be a plain SQL identifier (letters, digits, _; "
                        + "at most 41 characters), was: " + tableName);
            }
            this.tableName = tableName;
            return this;
        }

        public Builder maxErrorMessageLength(int maxErrorMessageLength) {
            if (maxErrorMessageLength < 50 || maxErrorMessageLength > 4000) {
                throw new IllegalArgumentException("maxErrorMessageLength must be 50..4000, was: "
                        + maxErrorMessageLength);
            }
            this.maxErrorMessageLength = maxErrorMessageLength;
            return this;
        }

        public Builder pruneBatchSize(int pruneBatchSize) {
            if (pruneBatchSize < 1 || pruneBatchSize > 10_000) {
                throw new IllegalArgumentException("pruneBatchSize must be 1..10000, was: " + pruneBatchSize);
            }
            this.pruneBatchSize = pruneBatchSize;
            return this;
        }

        public Builder enqueueFailureLogInterval(Duration interval) {
            if (interval == null || interval.isNegative()) {
                throw new IllegalArgumentException("enqueueFailureLogInterval must be >= 0, was: " + interval);
            }
            this.enqueueFailureLogInterval = interval;
            return this;
        }

        /** See {@link OutboxConfig#asynchronousCommit()}. */
        public Builder asynchronousCommit(boolean asynchronousCommit) {
            this.asynchronousCommit = asynchronousCommit;
            return this;
        }

        public OutboxConfig build() {
            return new OutboxConfig(this);
        }
    }
}
