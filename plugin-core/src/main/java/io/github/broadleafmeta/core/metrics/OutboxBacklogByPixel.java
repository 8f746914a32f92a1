package io.github.broadleafmeta.core.metrics;

import io.github.broadleafmeta.core.outbox.Backlog;
import io.github.broadleafmeta.core.outbox.OutboxReader;

import java.util.HashMap;
import java.util.Map;

/**
 * The outbox backlog per pixel, from the outbox's own grouped read ({@link OutboxReader#backlogByPixel()}), as the
 * metrics show it.
 */
public final class OutboxBacklogByPixel {

    private final OutboxReader outbox;

    public OutboxBacklogByPixel(OutboxReader outbox) {
        if (outbox == null) {
            throw new IllegalArgumentException("outbox is required");
        }
        this.outbox = outbox;
    }

    /** Every pixel with rows not yet final; pixels without such rows are absent. */
    public Map<String, PixelBacklog> read() {
        Map<String, PixelBacklog> out = new HashMap<String, PixelBacklog>();
        for (Map.Entry<String, Backlog> e : outbox.backlogByPixel().entrySet()) {
            Backlog b = e.getValue();
            out.put(e.getKey(), new PixelBacklog(b.pending(), b.inFlight(), b.held(), b.oldestAge()));
        }
        return out;
    }
}
