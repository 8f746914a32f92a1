package io.github.broadleafmeta.core.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Decides from the User-Agent whether a request comes from a crawler, so no tracking event is recorded for it.
 *
 * <p>Rules text ({@code meta.bot.rules}): one rule per line; a line without the {@code regex:} prefix may also hold
 * several rules separated by commas. A plain rule is a case-insensitive substring; {@code regex:<pattern>} is a
 * case-insensitive regular expression found anywhere in the User-Agent (a regex takes its whole line, since regexes
 * contain commas). Blank lines and lines starting with {@code #} are ignored.
 *
 * <p>{@link #defaults()} deliberately does NOT list {@code HeadlessChrome}: the project's own end-to-end tests drive
 * headless Chromium and must produce events. Sites that want to drop headless browsers add it as a rule.
 *
 * <p>Immutable and thread-safe. Substring rules are checked with one lowercase copy of the User-Agent and
 * {@code indexOf}; regex rules are compiled once.
 */
public final class BotFilter {

    /** Longer User-Agents are not scanned in full: real browsers stay far below this. */
    private static final int MAX_SCANNED_LENGTH = 2048;
    private static final String REGEX_PREFIX = "regex:";

    /** Known crawlers, tools and HTTP libraries; see the class comment for what is intentionally missing. */
    public static final String DEFAULT_RULES = "googlebot, adsbot-google, mediapartners-google, google-inspectiontool, "
            + "bingbot, bingpreview, yandex, baiduspider, duckduckbot, slurp, sogou, exabot, facebookexternalhit, "
            + "facebookcatalog, meta-externalagent, ahrefs, semrush, mj12bot, dotbot, petalbot, applebot, "
            + "bytespider, gptbot, ccbot, claudebot, dataforseo, screaming frog, uptimerobot, pingdom, "
            + "lighthouse, pagespeed, phantomjs, curl/, wget/, python-requests, python-urllib, aiohttp, httpx, "
            + "go-http-client, java/, apache-httpclient, okhttp/, node-fetch, axios/, scrapy, libwww-perl, "
            + "crawler, spider, crawl\n"
            // Generic "bot" token, as a word end ("Googlebot/2.1", "SomeBot;"), but not inside "bottle" and not the
            // Cubot phone brand ("CUBOT X19"), which is a real shopper's Android device.
            + REGEX_PREFIX + "(?<!cu)bot(?![a-z])";

    private static final BotFilter DEFAULTS = fromRules(DEFAULT_RULES);

    private final String[] substrings;
    private final Pattern[] patterns;
    private final List<String> rules;

    private BotFilter(List<String> substrings, List<Pattern> patterns, List<String> rules) {
        this.substrings = substrings.toArray(new String[0]);
        this.patterns = patterns.toArray(new Pattern[0]);
        this.rules = Collections.unmodifiableList(new ArrayList<String>(rules));
    }

    public static BotFilter defaults() {
        return DEFAULTS;
    }

    /**
     * @throws IllegalArgumentException naming the rule when a {@code regex:} rule does not compile or is empty
     */
    public static BotFilter fromRules(String rulesText) {
        List<String> subs = new ArrayList<String>();
        List<Pattern> pats = new ArrayList<Pattern>();
        List<String> all = new ArrayList<String>();
        if (rulesText != null) {
            for (String rawLine : rulesText.split("\r\n|\r|\n")) {
                String line = rawLine.trim();
                if (line.isEmpty() || line.startsWith("#")) {
                    continue;
                }
                if (line.regionMatches(true, 0, REGEX_PREFIX, 0, REGEX_PREFIX.length())) {
                    String regex = line.substring(REGEX_PREFIX.length()).trim();
                    if (regex.isEmpty()) {
                        throw new IllegalArgumentException("Bot rule '" + line + "' has an empty regular expression");
                    }
                    try {
                        pats.add(Pattern.compile(regex, Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
                    } catch (PatternSyntaxException e) {
                        throw new IllegalArgumentException("Bot rule '" + line + "' is not a valid regular expression: "
                                + e.getDescription(), e);
                    }
                    all.add(line);
                    continue;
                }
                for (String part : line.split(",")) {
                    String token = part.trim();
                    if (!token.isEmpty()) {
                        String lower = token.toLowerCase(Locale.ROOT);
                        if (!subs.contains(lower)) {
                            subs.add(lower);
                            all.add(token);
                        }
                    }
                }
            }
        }
        return new BotFilter(subs, pats, all);
    }

    /** True for a crawler, and for a missing or blank User-Agent (browsers always send one). */
    public boolean isBot(String userAgent) {
        if (userAgent == null) {
            return true;
        }
        String ua = userAgent.length() > MAX_SCANNED_LENGTH ? userAgent.substring(0, MAX_SCANNED_LENGTH) : userAgent;
        if (ua.trim().isEmpty()) {
            return true;
        }
        String lower = ua.toLowerCase(Locale.ROOT);
        for (String s : substrings) {
            if (lower.indexOf(s) >= 0) {
                return true;
            }
        }
        for (Pattern p : patterns) {
            if (p.matcher(ua).find()) {
                return true;
            }
        }
        return false;
    }

    /** The rules as parsed (for the admin form), in order. */
    public List<String> rules() {
        return rules;
    }

    @Override
    public String toString() {
        return "BotFilter{rules=" + rules.size() + "}";
    }
}
