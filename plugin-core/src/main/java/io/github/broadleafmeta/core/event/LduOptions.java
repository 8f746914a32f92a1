package io.github.broadleafmeta.core.event;

/**
 * Limited Data Use ({@code data_processing_options}). Three shapes: {@link #disabled()} sends {@code []} (an explicit
 * "no LDU"), {@link #geolocated()} sends {@code ["LDU"]} with country 0 and state 0 (Meta decides by the IP), and
 * {@link #of(int, int)} sends {@code ["LDU"]} with an explicit country and state (1 / 1000 = US / California).
 * An event without options sends no {@code data_processing_options} key at all. Immutable.
 */
public final class LduOptions {

    public static final int COUNTRY_GEOLOCATE = 0;
    public static final int COUNTRY_US = 1;
    public static final int STATE_GEOLOCATE = 0;
    public static final int STATE_CALIFORNIA = 1000;

    private static final LduOptions DISABLED = new LduOptions(false, 0, 0);
    private static final LduOptions GEOLOCATED = new LduOptions(true, COUNTRY_GEOLOCATE, STATE_GEOLOCATE);

    private final boolean limitedDataUse;
    private final int country;
    private final int state;

    private LduOptions(boolean limitedDataUse, int country, int state) {
        this.limitedDataUse = limitedDataUse;
        this.country = country;
        this.state = state;
    }

    /** {@code "data_processing_options": []}. */
    public static LduOptions disabled() {
        return DISABLED;
    }

    /** {@code ["LDU"]}, country 0, state 0: Meta geolocates the event. */
    public static LduOptions geolocated() {
        return GEOLOCATED;
    }

    /** @throws IllegalArgumentException when a code is negative */
    public static LduOptions of(int country, int state) {
        if (country < 0) {
            throw new IllegalArgumentException("data_processing_options_country must not be negative, was: "
                    + country);
        }
        if (state < 0) {
            throw new IllegalArgumentException("data_processing_options_state must not be negative, was: " + state);
        }
        return new LduOptions(true, country, state);
    }

    public boolean isLimitedDataUse() {
        return limitedDataUse;
    }

    /** Meaningful only when {@link #isLimitedDataUse()}. */
    public int country() {
        return country;
    }

    /** Meaningful only when {@link #isLimitedDataUse()}. */
    public int state() {
        return state;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof LduOptions)) {
            return false;
        }
        LduOptions other = (LduOptions) o;
        return limitedDataUse == other.limitedDataUse && country == other.country && state == other.state;
    }

    @Override
    public int hashCode() {
        return (limitedDataUse ? 1 : 0) * 961 + country * 31 + state;
    }

    @Override
    public String toString() {
        return limitedDataUse ? "LduOptions{LDU, country=" + country + ", state=" + state + "}" : "LduOptions{none}";
    }
}
