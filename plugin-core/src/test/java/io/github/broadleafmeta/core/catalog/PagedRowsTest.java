package io.github.broadleafmeta.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class PagedRowsTest {

    @Test
    void shouldSkipRecordsWithoutRowsAndStopAtShortPageWhenPaging() {
        List<Integer> asked = new ArrayList<>();
        List<List<Integer>> pages = Arrays.asList(Arrays.asList(1, 2), Arrays.asList(3, 4), Arrays.asList(5));
        PagedRows<Integer> rows = new PagedRows<>(p -> {
            asked.add(p);
            return pages.get(p);
        }, 2, n -> n == 3 ? Collections.emptyList() : Collections.singletonList(item(n)), null);

        List<String> ids = new ArrayList<>();
        rows.forEachRemaining(i -> ids.add(i.id()));

        assertThat(ids).containsExactly("1", "2", "4", "5");
        assertThat(asked).containsExactly(0, 1, 2);
    }

    private static FeedItem item(int n) {
        return FeedItem.builder().id(String.valueOf(n)).title("t").price(BigDecimal.ONE, null, "USD")
                .link("https://x/" + n).imageLink("https://x/i").brand("b").build();
    }
}
