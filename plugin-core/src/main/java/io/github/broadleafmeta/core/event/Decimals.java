package io.github.broadleafmeta.core.event;

import java.math.BigDecimal;

/** Bounds for money values: they go out as plain decimals, so an absurd exponent would make an absurd string. */
final class Decimals {

    static final int MAX_ABS_SCALE = 30;

    private Decimals() {
    }

    static void checkScale(String field, BigDecimal value) {
        if (Math.abs(value.scale()) > MAX_ABS_SCALE || value.precision() > 40) {
            throw new IllegalArgumentException(field + " is out of range for a money amount, was: " + value);
        }
    }
}
