package io.github.broadleafmeta.core.outbox;

import java.time.Instant;

/** What one {@link CustomerErasure#erase} removed. Holds no customer value, only a digest prefix. */
public final class ErasureResult {

    private final CustomerIdentifier.Kind kind;
    private final String hashPrefix;
    private final int rowsRemoved;
    private final Instant erasedAt;

    ErasureResult(CustomerIdentifier.Kind kind, String hashPrefix, int rowsRemoved, Instant erasedAt) {
        this.kind = kind;
        this.hashPrefix = hashPrefix;
        this.rowsRemoved = rowsRemoved;
        this.erasedAt = erasedAt;
    }

    public CustomerIdentifier.Kind kind() {
        return kind;
    }

    public String hashPrefix() {
        return hashPrefix;
    }

    public int rowsRemoved() {
        return rowsRemoved;
    }

    public Instant erasedAt() {
        return erasedAt;
    }

    @Override
    public String toString() {
        return "erasure by " + kind.label() + " " + hashPrefix + "...: " + rowsRemoved + " rows removed";
    }

    /** One line of the erasure log. */
    public static final class Record {

        private final Instant erasedAt;
        private final CustomerIdentifier.Kind kind;
        private final String hashPrefix;
        private final int rowsRemoved;
        private final String requestedBy;

        Record(Instant erasedAt, CustomerIdentifier.Kind kind, String hashPrefix, int rowsRemoved,
                String requestedBy) {
            this.erasedAt = erasedAt;
            this.kind = kind;
            this.hashPrefix = hashPrefix;
            this.rowsRemoved = rowsRemoved;
            this.requestedBy = requestedBy;
        }

        public Instant erasedAt() {
            return erasedAt;
        }

        public CustomerIdentifier.Kind kind() {
            return kind;
        }

        public String hashPrefix() {
            return hashPrefix;
        }

        public int rowsRemoved() {
            return rowsRemoved;
        }

        public String requestedBy() {
            return requestedBy;
        }
    }
}
