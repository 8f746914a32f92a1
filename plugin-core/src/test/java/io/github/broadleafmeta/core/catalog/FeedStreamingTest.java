package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** 100,000 generated SKUs written through the paged row source: rows are produced and written, never collected. */
class FeedStreamingTest {

    static final int SKUS = 100_000;
    static final int PAGE_SIZE = 200;

    @Test
    void shouldHoldAtMostOnePageOfRecordsWhenWriting100000Skus() throws Exception {
        GeneratedCatalog catalog = new GeneratedCatalog();
        CountingWriter out = new CountingWriter();

        long rows = new FeedWriter(FeedFormat.CSV, "Load", "https://shop.example").write(catalog.rows(), out);

        assertThat(rows).isEqualTo(SKUS);
        assertThat(out.lines).isEqualTo(SKUS + 1);
        assertThat(out.chars).isGreaterThan(SKUS * 100L);
        assertThat(catalog.maxRecordsNotYetWritten).as("records read but not yet turned into rows")
                .isLessThanOrEqualTo(PAGE_SIZE);
        assertThat(catalog.pagesCleared).isEqualTo(SKUS / PAGE_SIZE);
    }

    @Test
    void shouldWrite100000SkusWhenHeapIsLimitedTo24Megabytes() throws Exception {
        File out = File.createTempFile("feed-100k", ".xml");
        out.deleteOnExit();
        Process p = new ProcessBuilder(new File(System.getProperty("java.home"), "bin/java").getPath(), "-Xmx24m",
                "-cp", System.getProperty("java.class.path"), SmallHeapMain.class.getName(), out.getPath())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        String output = new String(readAll(p), StandardCharsets.UTF_8);

        assertThat(p.exitValue()).as(output).isZero();
        assertThat(output.trim()).isEqualTo("rows=" + SKUS);
        assertThat(out.length()).as("far more than the heap").isGreaterThan(40L * 1024 * 1024);
        assertThat(Files.readAllLines(out.toPath()).stream().filter(l -> l.equals("<item>")).count())
                .isEqualTo(SKUS);
    }

    private static byte[] readAll(Process p) throws IOException {
        return p.getInputStream().readAllBytes();
    }

    /** Run in a JVM with a heap smaller than the feed: only streaming can finish. */
    public static final class SmallHeapMain {
        public static void main(String[] args) throws Exception {
            try (Writer out = Files.newBufferedWriter(new File(args[0]).toPath(), StandardCharsets.UTF_8)) {
                long rows = new FeedWriter(FeedFormat.XML, "Load", "https://shop.example")
                        .write(new GeneratedCatalog().rows(), out);
                System.out.println("rows=" + rows);
            }
        }
    }

    static final class GeneratedCatalog {
        int read;
        int written;
        int maxRecordsNotYetWritten;
        int pagesCleared;
        private final ContentIdStrategy strategy = ContentIdStrategy.parse("load_{skuId}");

        PagedRows<Integer> rows() {
            return new PagedRows<Integer>(this::page, PAGE_SIZE, this::row, () -> pagesCleared++);
        }

        private List<Integer> page(int page) {
            int from = page * PAGE_SIZE;
            if (from >= SKUS) {
                return Collections.emptyList();
            }
            List<Integer> ids = new ArrayList<>();
            for (int i = from; i < Math.min(SKUS, from + PAGE_SIZE); i++) {
                ids.add(i);
            }
            read += ids.size();
            maxRecordsNotYetWritten = Math.max(maxRecordsNotYetWritten, read - written);
            return ids;
        }

        private List<FeedItem> row(Integer n) {
            written++;
            CatalogKey key = CatalogKey.of(String.valueOf(n / 4), String.valueOf(n), null, true);
            return Collections.singletonList(FeedItem.builder().id(strategy.feedItemId(key))
                    .itemGroupId(strategy.groupId(key)).title("Generated product number " + n + ", \"size\" " + n % 4)
                    .description("A generated description long enough to make the feed big: " + n + " <b>bold</b> "
                            + "and more words after it to reach a realistic length for one product.")
                    .price(new BigDecimal(n % 1000).add(new BigDecimal("0.99")), null, "USD")
                    .link("https://shop.example/p/" + n).imageLink("https://shop.example/img/" + n + ".png")
                    .brand("Load & Co").build());
        }
    }

    static final class CountingWriter extends Writer {
        long chars;
        long lines;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines++;
                }
            }
        }

        @Override
        public void write(String s) {
            write(s.toCharArray(), 0, s.length());
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
