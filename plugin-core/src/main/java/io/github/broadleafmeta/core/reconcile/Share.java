package io.github.broadleafmeta.core.reconcile;

/** Submitted orders and how many of them have a Purchase Meta accepted. */
public final class Share {

    private final long submitted;
    private final long accepted;

    public Share(long submitted, long accepted) {
        if (submitted < 0 || accepted < 0 || accepted > submitted) {
            throw new IllegalArgumentException("need 0 <= accepted <= submitted, were: accepted " + accepted
                    + ", submitted " + submitted);
        }
        this.submitted = submitted;
        this.accepted = accepted;
    }

    public long submitted() {
        return submitted;
    }

    public long accepted() {
        return accepted;
    }

    public long unmatched() {
        return submitted - accepted;
    }

    /** accepted / submitted in percent (0..100); 100 when no order was submitted (nothing is missing). */
    public double percent() {
        return submitted == 0 ? 100.0 : accepted * 100.0 / submitted;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Share && ((Share) o).submitted == submitted && ((Share) o).accepted == accepted;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(submitted) * 31 + Long.hashCode(accepted);
    }

    @Override
    public String toString() {
        return accepted + "/" + submitted;
    }
}
