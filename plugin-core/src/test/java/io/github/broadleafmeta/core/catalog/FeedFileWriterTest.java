package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FeedFileWriterTest {

    @TempDir
    Path dir;

    private final AtomicReference<Instant> now = new AtomicReference<>(Instant.parse("2026-12-01T00:00:00Z"));
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now.get();
        }
    };
    private final CatalogSource source = (settings, baseUrl, report) -> Collections.singletonList(FeedItem.builder()
            .id("4001").title("Kenya").price(new BigDecimal("18.90"), null, "USD").link(baseUrl + "/k")
            .imageLink(baseUrl + "/k.png").brand("BrewBeans").build()).iterator();

    @Test
    void shouldWriteFileInFormatOfItsExtensionOncePerIntervalWhenFileIsConfigured() throws Exception {
        Path file = dir.resolve("feeds/meta.xml");
        CatalogSettings settings = CatalogSettings.builder().feedFile(file.toString()).baseUrl("https://shop.example")
                .feedFileIntervalMinutes(60).build();
        FeedFileWriter writer = new FeedFileWriter(new CatalogFeed(source), () -> settings, Work::run, clock);

        assertThat(writer.runOnce()).isTrue();
        assertThat(new String(Files.readAllBytes(file), StandardCharsets.UTF_8)).contains("<g:id>4001</g:id>")
                .contains("<g:link>https://shop.example/k</g:link>");
        now.set(now.get().plus(Duration.ofMinutes(59)));
        assertThat(writer.runOnce()).isFalse();
        now.set(now.get().plus(Duration.ofMinutes(1)));
        assertThat(writer.runOnce()).isTrue();
        try (java.util.stream.Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void shouldWriteNothingWhenBaseUrlIsMissing() {
        Path file = dir.resolve("meta.csv");
        CatalogSettings settings = CatalogSettings.builder().feedFile(file.toString()).build();

        assertThat(new FeedFileWriter(new CatalogFeed(source), () -> settings, Work::run, clock).runOnce()).isFalse();
        assertThat(file).doesNotExist();
    }

    /** Runs the work on the calling thread, as a scope without a persistence context. */
    static final class Work {
        static <T> T run(java.util.concurrent.Callable<T> work) throws Exception {
            return work.call();
        }
    }
}
