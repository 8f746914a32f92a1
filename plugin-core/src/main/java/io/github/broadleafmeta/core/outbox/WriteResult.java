package io.github.broadleafmeta.core.outbox;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What an outcome write did: rows written, and the ids skipped because their lease was lost (another node reclaimed
 * them under a new lease). A lost row is never overwritten: the new owner's outcome wins.
 */
public final class WriteResult {

    private static final WriteResult EMPTY = new WriteResult(0, Collections.<Long>emptyList());

    private final int written;
    private final List<Long> leaseLost;

    WriteResult(int written, List<Long> leaseLost) {
        this.written = written;
        this.leaseLost = Collections.unmodifiableList(new ArrayList<Long>(leaseLost));
    }

    static WriteResult empty() {
        return EMPTY;
    }

    public int written() {
        return written;
    }

    public List<Long> leaseLost() {
        return leaseLost;
    }

    @Override
    public String toString() {
        return "WriteResult{written=" + written + ", leaseLost=" + leaseLost.size() + "}";
    }
}
