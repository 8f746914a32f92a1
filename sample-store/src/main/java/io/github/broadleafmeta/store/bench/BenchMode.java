package io.github.broadleafmeta.store.bench;

/**
 * The sample store's benchmark/test mode: system property {@code store.bench=true} or environment variable
 * {@code STORE_BENCH=true}. Off by default; off, none of this package wraps or measures anything.
 */
public final class BenchMode {

    public static final String PROPERTY = "store.bench";
    public static final String VARIABLE = "STORE_BENCH";

    private BenchMode() {
    }

    public static boolean enabled() {
        String value = System.getProperty(PROPERTY);
        if (value == null) {
            value = System.getenv(VARIABLE);
        }
        return value != null && "true".equalsIgnoreCase(value.trim());
    }
}
