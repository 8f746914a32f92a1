package io.github.broadleafmeta.core.alert;

import java.time.Instant;

/**
 * What one rule found for one pixel in one evaluation. The detail is built from states and numbers only (never a
 * token, a payload or customer data): it goes into alert messages as it is.
 */
public final class AlertCondition {

    public enum State {
        /** The threshold is crossed. */
        BREACHED,
        /** Measured and fine. */
        CLEAR,
        /** No reading (input not wired, not enough volume, read failed): an incident neither starts nor ends. */
        UNKNOWN
    }

    private static final AlertCondition UNKNOWN = new AlertCondition(State.UNKNOWN, null, null);

    private final State state;
    private final String detail;
    private final Instant since;

    private AlertCondition(State state, String detail, Instant since) {
        this.state = state;
        this.detail = detail;
        this.since = since;
    }

    /** @param since when the condition began, as far as the data shows (null: from this evaluation on) */
    public static AlertCondition breached(String detail, Instant since) {
        return new AlertCondition(State.BREACHED, detail, since);
    }

    public static AlertCondition clear(String detail) {
        return new AlertCondition(State.CLEAR, detail, null);
    }

    public static AlertCondition unknown() {
        return UNKNOWN;
    }

    public State state() {
        return state;
    }

    public String detail() {
        return detail;
    }

    public Instant since() {
        return since;
    }

    @Override
    public String toString() {
        return state + (detail == null ? "" : ": " + detail);
    }
}
