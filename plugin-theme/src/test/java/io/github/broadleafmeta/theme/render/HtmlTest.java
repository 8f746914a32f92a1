package io.github.broadleafmeta.theme.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlTest {

    @Test
    void shouldEscapeMarkupAndQuotesWhenTextIsHostile() {
        assertThat(Html.escape("<script>alert(\"x\" + 'y') & co</script>"))
                .isEqualTo("&lt;script&gt;alert(&quot;x&quot; + &#39;y&#39;) &amp; co&lt;/script&gt;");
    }

    @Test
    void shouldReturnSameTextWhenNothingNeedsEscaping() {
        String plain = "Kenya AA, 250 g \u2028 ü";
        assertThat(Html.escape(plain)).isSameAs(plain);
    }
}
