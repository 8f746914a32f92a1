package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CatalogMatchTest {

    @Test
    void shouldReportShareAndMostFrequentUnmatchedIdsPerEventName() {
        Map<String, Map<String, Long>> seen = new LinkedHashMap<>();
        Map<String, Long> views = new LinkedHashMap<>();
        views.put("4001", 6L);
        views.put("3002", 1L);
        views.put("deleted-1", 1L);
        views.put("deleted-2", 2L);
        seen.put("ViewContent", views);
        seen.put("PageView", new LinkedHashMap<>());

        List<CatalogMatch> matches = CatalogMatch.compare(seen, new HashSet<>(Arrays.asList("4001", "3002")), 1);

        assertThat(matches).hasSize(1);
        CatalogMatch view = matches.get(0);
        assertThat(view.eventName()).isEqualTo("ViewContent");
        assertThat(view.reported()).isEqualTo(10);
        assertThat(view.matchPercent()).isEqualTo(70);
        assertThat(view.unmatchedDistinct()).isEqualTo(2);
        assertThat(view.unmatched()).extracting(CatalogMatch.UnmatchedId::id).containsExactly("deleted-2");
    }

    @Test
    void shouldCollectItemAndGroupIdsWhenReadingFeedIds() {
        FeedItem variant = FeedItem.builder().id("3002_4102").itemGroupId("3002").title("t")
                .price(java.math.BigDecimal.ONE, null, "USD").link("https://x/1").imageLink("https://x/i").brand("b")
                .build();
        assertThat(FeedIds.of(Arrays.asList(variant).iterator())).containsExactlyInAnyOrder("3002_4102", "3002");
    }
}
