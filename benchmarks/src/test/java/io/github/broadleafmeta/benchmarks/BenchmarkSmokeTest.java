package io.github.broadleafmeta.benchmarks;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.userdata.NormalizationResult;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Smoke tests only: every benchmark's setup and one tiny run work, so {@code ./bench.sh} does not fail late. No
 * timings are asserted; the numbers come from {@code ./bench.sh}.
 */
class BenchmarkSmokeTest {

    @Test
    void shouldRunEveryHashingBenchmarkMethodOnceWhenSetUp() {
        HashingBenchmark b = new HashingBenchmark();
        b.setUp();

        NormalizationResult ours = b.userData_ours();
        assertThat(ours.userData().hashed()).hasSize(10);
        assertThat(ours.dropped()).isEmpty();
        assertThat(ours.userData().hashed(UserDataField.EMAIL)).containsExactly(
                "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
        assertThat(b.userData_sdk()).hasSize(10).doesNotContainNull();
        assertThat(b.userDataJson_sdk()).contains("\"em\":[\"62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f\"]");
        assertThat(b.eventJson_ours()).startsWith("{\"event_name\":\"Purchase\"").contains("\"event_id\":\"order.1001\"");
        assertThat(b.eventJson_sdk()).startsWith("[{").contains("\"event_id\":\"order.1001\"");
        assertThat(b.eventBuildWrite_ours()).contains("\"order_id\":\"1001\"");
    }

    @Test
    void shouldDeliverEveryEventOnBothPathsWhenThroughputRunsTiny() throws Exception {
        ThroughputBench.Config config = new ThroughputBench.Config(60, 10, List.of(BenchDatabase.Kind.HSQLDB_MEM),
                2, 25, 2, 60, false, "on", true);

        List<ThroughputBench.Phase> phases = new ThroughputBench(config).run();

        assertThat(phases).extracting(ThroughputBench.Phase::side).containsExactly("ours", "ours", "sdk", "sdk");
        assertThat(phases).allSatisfy(p -> assertThat(p.verified()).as(p.check()).isTrue());
        assertThat(BenchMain.throughputReport(config, phases).markdown()).contains("ratio ours/SDK");
    }

    @Test
    void shouldScanWithoutTheIndexAndUseItAfterEnsureIndexesWhenAttributeLoadRunsTiny() throws Exception {
        String markdown = AttributeLoadBench.run(new int[] {1000}, 2, 5, "off").markdown();

        assertThat(markdown.lines().filter(l -> l.contains("| no ")))
                .singleElement().asString().contains("seq scan");
        assertThat(markdown.lines().filter(l -> l.contains("yes (ensureIndexes)")))
                .singleElement().asString().contains("index scan");
    }

    @Test
    void shouldWriteLessWalPerPageEventWithThePartialIndexesWhenEventInsertRunsTiny() throws Exception {
        String markdown = EventInsertBench.run(2, 200, 0, "off").markdown();

        // Three index entries of a NULL key are about 190 bytes of WAL; the same layout twice differs by a few.
        assertThat(walPerInsert(markdown, "schema 6")).isLessThan(walPerInsert(markdown, "schema 5") - 100);
    }

    /** The median WAL bytes per insert in the row of that layout. */
    private static int walPerInsert(String markdown, String layout) {
        String row = markdown.lines().filter(l -> l.startsWith("| " + layout)).findFirst().orElseThrow();
        return Integer.parseInt(row.split("\\|")[2].trim().split(" ")[0].replace(",", ""));
    }

    @Test
    void shouldDrainTheBacklogWhenScaleRunsTiny() throws Exception {
        ScaleBench.Config config = new ScaleBench.Config(300, BenchDatabase.Kind.HSQLDB_MEM, 1, 60, false, "on");

        ScaleBench.Outcome outcome = new ScaleBench(config).run();

        assertThat(outcome.verified()).isTrue();
        assertThat(outcome.windows()).isNotEmpty();
        assertThat(ScaleBench.report(config, outcome).markdown()).contains("heap flat");
    }

    @Test
    void shouldReadTheDataFieldWhenTheBodyIsMultipart() throws Exception {
        String body = "--XyZ\r\nContent-Disposition: form-data; name=\"access_token\"\r\nContent-Length: 3\r\n\r\n"
                + "abc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"data\"\r\n\r\n[{\"event_id\":\"a\"}]\r\n"
                + "--XyZ--\r\n";

        String data = FakeGraphApi.multipartField("multipart/form-data; boundary=XyZ",
                body.getBytes(StandardCharsets.UTF_8), "data");

        assertThat(data).isEqualTo("[{\"event_id\":\"a\"}]");
    }
}
