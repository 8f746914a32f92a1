package io.github.broadleafmeta.benchmarks.store;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.broadleafmeta.benchmarks.store.Journey.Kind;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RequestCostBenchTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Whole requests of 16 ms whose CPU varies by ±4 ms (so the off → on Δ cannot tell 100 µs from 0), the plugin's
     * own CPU {@code addToCartMicros} / {@code checkoutMicros} plus 0 to 40 µs with the plugin on and 0 with it off.
     */
    private static RequestCostBench measured(long addToCartMicros, long checkoutMicros) {
        RequestCostBench bench = new RequestCostBench(new RequestCostBench.Config(Path.of("."), "", false, "1g", 1,
                40, 0, 4, 0));
        Random random = new Random(11);
        for (int round = 0; round < 4; round++) {
            for (PluginConfig c : new PluginConfig[] {PluginConfig.OFF, PluginConfig.ON}) {
                Map<String, Map<Kind, List<Long>>> samples = new HashMap<>();
                for (int journey = 0; journey < 10; journey++) {
                    for (Kind kind : Kind.values()) {
                        long plugin = c == PluginConfig.OFF ? 0
                                : (kind == Kind.CHECKOUT_SUBMIT ? checkoutMicros : addToCartMicros) * 1000
                                        + random.nextInt(40_000);
                        ObjectNode request = JSON.createObjectNode().put("cpuNanos", 14_000_000
                                + random.nextInt(8_000_000)).put("allocatedBytes", 1_000_000)
                                .put("pluginCpuNanos", plugin).put("pluginEntries", c == PluginConfig.OFF ? 4 : 6);
                        RequestCostBench.addClean(samples, kind, request);
                    }
                }
                bench.keepRound(c, samples);
            }
        }
        return bench;
    }

    private static String targetRow(String markdown, String request) {
        return markdown.lines().filter(line -> line.startsWith("| " + request + " ") && line.contains(" µs: "))
                .findFirst().orElseThrow(() -> new AssertionError("no target row for " + request + ":\n" + markdown));
    }

    @Test
    void shouldJudgeTheCpuTargetsOnThePluginsOwnCpuWhenTheWholeRequestDeltaIsTooNoisy() {
        String markdown = measured(50, 300).report().markdown();

        assertThat(targetRow(markdown, "add to cart")).contains("≤ 100 µs: met (");
        assertThat(targetRow(markdown, "checkout submit")).contains("≤ 200 µs: missed (");
    }

    @Test
    void shouldCallTheCpuTargetInconclusiveWhenThePluginsOwnIntervalHoldsIt() {
        String markdown = measured(80, 180).report().markdown();

        assertThat(targetRow(markdown, "add to cart")).contains("≤ 100 µs: inconclusive (");
        assertThat(targetRow(markdown, "checkout submit")).contains("≤ 200 µs: inconclusive (");
    }

    @Test
    void shouldReportThePluginOffCpuAndTheEntriesBesideTheWholeRequestFigures() {
        String markdown = measured(50, 300).report().markdown();

        assertThat(markdown).contains("plugin CPU µs on (inside the plugin's code) median [95% CI]")
                .contains("plugin CPU µs off").contains("Δ CPU µs [95% CI]");
        String checkout = markdown.lines().filter(line -> line.startsWith("| checkout submit ")).findFirst()
                .orElseThrow();
        // ... | plugin CPU µs off | plugin CPU µs on [CI] | entries off → on |
        assertThat(checkout).matches(".*\\| 0 +\\| 3\\d\\d \\[\\d+, \\d+\\] +\\| 4 → 6 +\\|");
    }

    @Test
    void shouldSayNotMeasuredWhenTheStoreCannotReadThreadCpuTime() {
        RequestCostBench bench = new RequestCostBench(new RequestCostBench.Config(Path.of("."), "", false, "1g", 1,
                40, 0, 1, 0));
        for (PluginConfig c : new PluginConfig[] {PluginConfig.OFF, PluginConfig.ON}) {
            Map<String, Map<Kind, List<Long>>> samples = new HashMap<>();
            RequestCostBench.addClean(samples, Kind.ADD_TO_CART, JSON.createObjectNode().put("cpuNanos", -1)
                    .put("allocatedBytes", -1).put("pluginCpuNanos", -1).put("pluginEntries", 6));
            bench.keepRound(c, samples);
        }

        assertThat(targetRow(bench.report().markdown(), "add to cart")).contains("≤ 100 µs: not measured");
    }
}
