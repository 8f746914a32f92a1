package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxEntry;

import java.util.List;

/** {@link ServerCopyWriter#direct}: the outbox's own connection, one commit per call. */
final class DirectOutboxWriter implements ServerCopyWriter {

    private final JdbcOutbox outbox;

    DirectOutboxWriter(JdbcOutbox outbox) {
        if (outbox == null) {
            throw new IllegalArgumentException("outbox is required");
        }
        this.outbox = outbox;
    }

    @Override
    public Recording.ServerCopy write(List<OutboxEntry> entries) {
        return ServerCopyWriter.outcome(outbox.enqueueAll(entries));
    }

    @Override
    public void browserCopiesRendered(List<String[]> events) {
        outbox.markBrowserRenderedAll(events);
    }
}
