package io.github.broadleafmeta.benchmarks.store;

import java.io.IOException;

/**
 * The plugin configurations compared, switched at run time through the store's bench endpoint (the plugin reads
 * {@code meta.pixel.enabled} and {@code meta.capi.graphUrl} as system properties; nothing is saved in the admin).
 */
public enum PluginConfig {
    OFF("plugin off"), ON("plugin on"), GRAPH_DOWN("on, Graph API down"), GRAPH_HANGING("on, Graph API hanging"),
    /**
     * Diagnostic: on, but the dispatcher stopped ({@code meta.dispatch.enabled=false}; events wait in the outbox).
     * Against ON it separates what the dispatcher's background work costs the requests from what the request
     * threads themselves pay.
     */
    DISPATCH_PAUSED("on, dispatcher paused");

    public final String label;

    PluginConfig(String label) {
        this.label = label;
    }

    /** The Graph API addresses the configurations point the plugin at. */
    public record Endpoints(String normal, String refusing, String hanging) {
    }

    public void apply(StoreUnderTest store, Endpoints endpoints, long settleMillis)
            throws IOException, InterruptedException {
        store.property("meta.pixel.enabled", this == OFF ? "false" : "true");
        store.property("meta.capi.graphUrl", this == GRAPH_DOWN ? endpoints.refusing()
                : this == GRAPH_HANGING ? endpoints.hanging() : endpoints.normal());
        store.property("meta.dispatch.enabled", this == DISPATCH_PAUSED ? "false" : null);
        // The plugin resolves settings into a snapshot it keeps for a short while.
        Thread.sleep(settleMillis);
    }

    public static PluginConfig parse(String s) {
        String k = s.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_');
        switch (k) {
            case "OFF": case "DISABLED": return OFF;
            case "ON": case "ENABLED": return ON;
            case "DOWN": case "GRAPH_DOWN": return GRAPH_DOWN;
            case "HANGING": case "GRAPH_HANGING": return GRAPH_HANGING;
            case "PAUSED": case "DISPATCH_PAUSED": return DISPATCH_PAUSED;
            default: throw new IllegalArgumentException("unknown configuration " + s
                    + " (off, on, down, hanging, paused)");
        }
    }
}
