package io.github.broadleafmeta.core.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** One page of search results, newest first, with the total number of matches. */
public final class OutboxPage {

    private final List<OutboxRow> rows;
    private final long total;
    private final int offset;
    private final int limit;

    OutboxPage(List<OutboxRow> rows, long total, int offset, int limit) {
        this.rows = Collections.unmodifiableList(new ArrayList<OutboxRow>(rows));
        this.total = total;
        this.offset = offset;
        this.limit = limit;
    }

    public List<OutboxRow> rows() {
        return rows;
    }

    public long total() {
        return total;
    }

    public int offset() {
        return offset;
    }

    public int limit() {
        return limit;
    }
}
