package io.github.broadleafmeta.core.request;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class BotFilterTest {

    private final BotFilter defaults = BotFilter.defaults();

    @ParameterizedTest
    @ValueSource(strings = {
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
            "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
            "Mozilla/5.0 (compatible; YandexBot/3.0; +http://yandex.com/bots)",
            "Mozilla/5.0 (compatible; Baiduspider/2.0; +http://www.baidu.com/search/spider.html)",
            "DuckDuckBot/1.1; (+http://duckduckgo.com/duckduckbot.html)",
            "Mozilla/5.0 (compatible; Yahoo! Slurp; http://help.yahoo.com/help/us/ysearch/slurp)",
            "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
            "Mozilla/5.0 (compatible; AhrefsBot/7.0; +http://ahrefs.com/robot/)",
            "Mozilla/5.0 (compatible; SemrushBot/7~bl; +http://www.semrush.com/bot.html)",
            "Mozilla/5.0 (compatible; MJ12bot/v1.4.8; http://mj12bot.com/)",
            "Mozilla/5.0 (Linux; Android 7.0;) AppleWebKit/537.36 (KHTML, like Gecko) Mobile Safari/537.36 "
                    + "(compatible; PetalBot;+https://webmaster.petalsearch.com/site/petalbot)",
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
            "curl/8.4.0", "Wget/1.21.4", "python-requests/2.31.0", "Go-http-client/2.0",
            "SomeNewCrawler/1.0", "my-spider 3", "FancyBot;", "Robot",
    })
    void shouldFlagKnownCrawlersWhenUsingDefaults(String ua) {
        assertThat(defaults.isBot(ua)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/124.0.0.0 Safari/537.36",
            "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.60 "
                    + "Safari/537.36",
            "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
                    + "Version/17.4 Mobile/15E148 Safari/604.1",
            "Mozilla/5.0 (Linux; Android 9; CUBOT X19) AppleWebKit/537.36 (KHTML, like Gecko) "
                    + "Chrome/120.0.0.0 Mobile Safari/537.36",
            "Mozilla/5.0 (Windows NT 10.0; rv:125.0) Gecko/20100101 Firefox/125.0 Bottle/1",
    })
    void shouldLetBrowsersThroughWhenUsingDefaults(String ua) {
        assertThat(defaults.isBot(ua)).isFalse();
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"   ", "\t"})
    void shouldTreatMissingUserAgentAsBot(String ua) {
        assertThat(defaults.isBot(ua)).isTrue();
        assertThat(BotFilter.fromRules("").isBot(ua)).isTrue();
    }

    @Test
    void shouldMatchSubstringsCaseInsensitivelyWhenRulesAreCommaAndLineSeparated() {
        BotFilter f = BotFilter.fromRules("# our monitors\nStatusCake, site24x7\n\n  HeadlessChrome  ");
        assertThat(f.isBot("Mozilla/5.0 statuscake")).isTrue();
        assertThat(f.isBot("SITE24X7 agent")).isTrue();
        assertThat(f.isBot("Mozilla/5.0 HeadlessChrome/124")).isTrue();
        assertThat(f.isBot("Mozilla/5.0 Chrome/124")).isFalse();
        assertThat(f.rules()).containsExactly("StatusCake", "site24x7", "HeadlessChrome");
    }

    @Test
    void shouldApplyRegexRuleWhenPrefixed() {
        BotFilter f = BotFilter.fromRules("regex:^Monitor/\\d{1,3}\\b");
        assertThat(f.isBot("monitor/12 x")).isTrue();
        assertThat(f.isBot("Mozilla Monitor/12")).isFalse();
    }

    @Test
    void shouldNameTheRuleWhenRegexIsInvalid() {
        assertThatThrownBy(() -> BotFilter.fromRules("ok\nregex:foo(bar"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regex:foo(bar");
        assertThatThrownBy(() -> BotFilter.fromRules("regex:  ")).hasMessageContaining("empty");
    }

    @Test
    void shouldStayFastWhenUserAgentIsHuge() {
        String huge = "Mozilla/5.0 " + "a".repeat(100_000) + " Googlebot";
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            defaults.isBot(huge);
        }
        // Only the first 2 kB are scanned, so the trailing token is not seen and time stays bounded.
        assertThat(defaults.isBot(huge)).isFalse();
        assertThat(System.nanoTime() - start).isLessThan(2_000_000_000L);
    }
    @ParameterizedTest
    @ValueSource(strings = {"regex:(a+)+$", "regex:(a*)*b", "regex:(a|a)*c", "regex:^(\\w+\\s?)*$",
            "regex:(x+x+)+y", "regex:((ab)*c)+", "regex:(a{2,})+", "regex:(a+){2,}"})
    void shouldRefuseRegexRuleWhenAQuantifiedGroupRepeatsAQuantifierOrAlternation(String rule) {
        assertThatThrownBy(() -> BotFilter.fromRules(rule))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(rule)
                .hasMessageContaining("backtrack");
    }

    @Test
    void shouldRefuseRegexRuleWhenItUsesABackreference() {
        assertThatThrownBy(() -> BotFilter.fromRules("regex:(bot)\\1")).hasMessageContaining("backreference");
        assertThatThrownBy(() -> BotFilter.fromRules("regex:(?<n>bot)\\k<n>")).hasMessageContaining("backreference");
    }

    @Test
    void shouldRefuseRegexRuleWhenLongerThanTheLimit() {
        assertThatThrownBy(() -> BotFilter.fromRules("regex:" + "a".repeat(BotFilter.MAX_REGEX_LENGTH + 1)))
                .hasMessageContaining("longer than " + BotFilter.MAX_REGEX_LENGTH);
    }

    @ParameterizedTest
    @ValueSource(strings = {"regex:(?<!cu)bot(?![a-z])", "regex:^Monitor/\\d{1,3}\\b", "regex:(foo|bar)bot",
            "regex:(ab)+c", "regex:[a+]+x", "regex:(a+)?b", "regex:(?:x|y)z"})
    void shouldAcceptRegexRuleWhenItCannotBacktrackCatastrophically(String rule) {
        assertThat(BotFilter.fromRules(rule).rules()).containsExactly(rule);
    }

    @Test
    void shouldAbortAndCountAsNotABotWhenOneEvaluationExceedsItsStepBudget() {
        // Bypasses validation on purpose: on JDK 17 this pattern takes seconds for 30 characters and grows
        // exponentially (JDK 9+ memoizes simpler cases such as (a+)+, not this one).
        BotFilter f = BotFilter.withoutRegexSafetyCheck("regex:^(.*a){12}$", 100_000);
        long abortedBefore = BotFilter.abortedRegexEvaluations();

        boolean bot = assertTimeoutPreemptively(Duration.ofSeconds(10),
                () -> f.isBot("a".repeat(60) + "!"));

        assertThat(bot).isFalse();
        assertThat(BotFilter.abortedRegexEvaluations()).isEqualTo(abortedBefore + 1);
        assertThat(f.isBot("a".repeat(12))).isTrue();
    }

    @Test
    void shouldRememberAVerdictAndGiveTheSameAnswerForTheSameUserAgent() {
        BotFilter f = BotFilter.fromRules("crawler");
        String browser = "Mozilla/5.0 (X11; Linux x86_64) Chrome/156.0";

        assertThat(f.isBot(browser)).isFalse();
        assertThat(f.isBot("SomeCrawler/1.0")).isTrue();
        assertThat(f.isBot(new String(browser))).isFalse();
        assertThat(f.isBot("SomeCrawler/1.0")).isTrue();

        assertThat(f.rememberedVerdicts()).isEqualTo(2);
    }

    @Test
    void shouldNotRememberAVerdictWhenARegexGaveUpOnItsBudget() {
        BotFilter f = BotFilter.withoutRegexSafetyCheck("regex:^(.*a){12}$", 100_000);
        long abortedBefore = BotFilter.abortedRegexEvaluations();
        String hostile = "a".repeat(60) + "!";

        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            f.isBot(hostile);
            f.isBot(hostile);
        });

        assertThat(BotFilter.abortedRegexEvaluations()).isEqualTo(abortedBefore + 2);
        assertThat(f.rememberedVerdicts()).isZero();
    }

    @Test
    void shouldKeepTheRememberedVerdictsBoundedWhenManyUserAgentsArrive() {
        BotFilter f = BotFilter.defaults();
        for (int i = 0; i < BotFilter.MAX_REMEMBERED_VERDICTS * 3; i++) {
            assertThat(f.isBot("Mozilla/5.0 Browser/" + i)).isFalse();
        }
        assertThat(f.rememberedVerdicts()).isBetween(1, BotFilter.MAX_REMEMBERED_VERDICTS);
        assertThat(f.isBot("x".repeat(BotFilter.MAX_REMEMBERED_LENGTH + 1) + "bot")).isTrue();
        assertThat(f.isBot("Mozilla/5.0 " + "x".repeat(BotFilter.MAX_REMEMBERED_LENGTH))).isFalse();
    }
}
