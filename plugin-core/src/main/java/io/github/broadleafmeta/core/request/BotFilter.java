package io.github.broadleafmeta.core.request;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
 * <p>Immutable rules, thread-safe. Substring rules are checked with one lowercase copy of the User-Agent and
 * {@code indexOf}; regex rules are compiled once; recent verdicts are remembered per User-Agent (a bounded map).
 */
public final class BotFilter {

    private static final Log LOG = LogFactory.getLog(BotFilter.class);

    /** Longer User-Agents are not scanned in full: real browsers stay far below this. */
    private static final int MAX_SCANNED_LENGTH = 2048;
    private static final String REGEX_PREFIX = "regex:";
    /** Longest {@code regex:} pattern accepted; a User-Agent rule needs far less. */
    public static final int MAX_REGEX_LENGTH = 200;
    /**
     * Character reads one regex evaluation may make before it is abandoned. A linear scan of a 2 kB User-Agent
     * needs a few thousand; the budget leaves room for honest backtracking and stops a runaway one within
     * milliseconds.
     */
    public static final int DEFAULT_REGEX_STEP_BUDGET = 200_000;
    private static final AtomicLong ABORTED_REGEX_EVALUATIONS = new AtomicLong();
    /** Verdicts remembered at most; a store sees few distinct User-Agents at a time. */
    static final int MAX_REMEMBERED_VERDICTS = 1024;
    /** Longer User-Agents are evaluated every time (they are rare, and bound the memory the memo can hold). */
    static final int MAX_REMEMBERED_LENGTH = 512;

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
    private final int regexStepBudget;
    /**
     * User-Agent to verdict: one request asks several times (each event it records, the checkout's stored fields),
     * and a shopper's next requests ask again; the rules are a few dozen substring scans and regexes.
     */
    private final ConcurrentMap<String, Boolean> verdicts = new ConcurrentHashMap<String, Boolean>();

    private BotFilter(List<String> substrings, List<Pattern> patterns, List<String> rules, int regexStepBudget) {
        this.regexStepBudget = regexStepBudget;
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
        return parse(rulesText, true, DEFAULT_REGEX_STEP_BUDGET);
    }

    /** For tests of the evaluation budget only: accepts patterns {@link #fromRules} refuses. */
    static BotFilter withoutRegexSafetyCheck(String rulesText, int regexStepBudget) {
        return parse(rulesText, false, regexStepBudget);
    }

    /** Regex evaluations abandoned for exceeding their step budget since start (each counted as "not a bot"). */
    public static long abortedRegexEvaluations() {
        return ABORTED_REGEX_EVALUATIONS.get();
    }

    private static BotFilter parse(String rulesText, boolean checkRegexSafety, int regexStepBudget) {
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
                    String unsafe = checkRegexSafety ? catastrophicBacktrackingRisk(regex) : null;
                    if (unsafe != null) {
                        throw new IllegalArgumentException("Bot rule '" + line + "' is refused: " + unsafe);
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
        return new BotFilter(subs, pats, all, regexStepBudget);
    }

    /** True for a crawler, and for a missing or blank User-Agent (browsers always send one). */
    public boolean isBot(String userAgent) {
        if (userAgent == null) {
            return true;
        }
        Boolean known = verdicts.get(userAgent);
        if (known != null) {
            return known;
        }
        Boolean verdict = evaluate(userAgent);
        if (verdict == null) {
            return false;
        }
        if (userAgent.length() <= MAX_REMEMBERED_LENGTH) {
            if (verdicts.size() >= MAX_REMEMBERED_VERDICTS) {
                // Many distinct User-Agents (a crawl, an attack): start over rather than grow or track recency.
                verdicts.clear();
            }
            verdicts.put(userAgent, verdict);
        }
        return verdict;
    }

    /** How many verdicts are remembered now (tests). */
    int rememberedVerdicts() {
        return verdicts.size();
    }

    /** The rules' verdict, or null when a regex rule gave up on its budget (not remembered: counted per request). */
    private Boolean evaluate(String userAgent) {
        String ua = userAgent.length() > MAX_SCANNED_LENGTH ? userAgent.substring(0, MAX_SCANNED_LENGTH) : userAgent;
        if (ua.trim().isEmpty()) {
            return Boolean.TRUE;
        }
        String lower = ua.toLowerCase(Locale.ROOT);
        for (String s : substrings) {
            if (lower.indexOf(s) >= 0) {
                return Boolean.TRUE;
            }
        }
        boolean aborted = false;
        for (Pattern p : patterns) {
            try {
                if (p.matcher(new BudgetedCharSequence(ua, regexStepBudget)).find()) {
                    return Boolean.TRUE;
                }
            } catch (BudgetExceeded e) {
                // This rule gives no answer for this User-Agent: tracked rather than stall a storefront request.
                aborted = true;
                if (ABORTED_REGEX_EVALUATIONS.getAndIncrement() == 0) {
                    LOG.warn("Meta bot rules: a regex rule exceeded its evaluation budget and was skipped for one "
                            + "request (counted in abortedRegexEvaluations); simplify the rule");
                }
            }
        }
        return aborted ? null : Boolean.FALSE;
    }

    /**
     * Why a pattern may backtrack catastrophically on a hostile User-Agent, or null when it looks safe. Refused:
     * patterns longer than {@link #MAX_REGEX_LENGTH}; backreferences; and a group repeated without bound (or more
     * than once, {@code {2,}}, {@code {3}}) that itself holds a quantifier or an alternation, such as
     * {@code (a+)+}, {@code (a|a)*}, {@code (.*a){12}}. Deliberately conservative: an honest User-Agent rule needs
     * none of these.
     */
    static String catastrophicBacktrackingRisk(String regex) {
        if (regex.length() > MAX_REGEX_LENGTH) {
            return "the pattern is longer than " + MAX_REGEX_LENGTH + " characters";
        }
        // Per open group: does it contain a quantifier or an alternation (directly or in a nested group)?
        java.util.ArrayDeque<boolean[]> groups = new java.util.ArrayDeque<boolean[]>();
        groups.push(new boolean[] {false, false});
        int i = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                if (i + 1 < n) {
                    char e = regex.charAt(i + 1);
                    if ((e >= '1' && e <= '9') || e == 'k') {
                        return "backreferences (\\" + e + ") can backtrack catastrophically";
                    }
                    if (e == 'Q') {
                        int end = regex.indexOf("\\E", i + 2);
                        i = end < 0 ? n : end + 2;
                        continue;
                    }
                }
                i += 2;
                i = afterQuantifier(regex, i, groups.peek());
                continue;
            }
            if (c == '[') {
                i = afterCharacterClass(regex, i);
                i = afterQuantifier(regex, i, groups.peek());
                continue;
            }
            if (c == '(') {
                groups.push(new boolean[] {false, false});
                i++;
                if (i < n && regex.charAt(i) == '?') {
                    // Skip the group's flags/name: (?:  (?=  (?<!  (?<name>  (?i)
                    while (i < n && regex.charAt(i) != ':' && regex.charAt(i) != ')' && regex.charAt(i) != '='
                            && regex.charAt(i) != '!' && regex.charAt(i) != '>') {
                        i++;
                    }
                    if (i < n && regex.charAt(i) != ')') {
                        i++;
                    }
                }
                continue;
            }
            if (c == ')') {
                boolean[] inner = groups.size() > 1 ? groups.pop() : new boolean[] {false, false};
                boolean[] outer = groups.peek();
                int after = i + 1;
                if (repeatsMoreThanOnce(regex, after) && (inner[0] || inner[1])) {
                    return "a repeated group that contains " + (inner[0] ? "a quantifier" : "an alternation")
                            + " can backtrack catastrophically (nested quantifiers such as (a+)+ or (a|b)*)";
                }
                outer[0] |= inner[0];
                outer[1] |= inner[1];
                i = afterQuantifier(regex, after, outer);
                continue;
            }
            if (c == '|') {
                groups.peek()[1] = true;
                i++;
                continue;
            }
            i = afterQuantifier(regex, i + 1, groups.peek());
        }
        return null;
    }

    /** Skips a quantifier at {@code i} (with its lazy/possessive suffix), marking the group; returns the next index. */
    private static int afterQuantifier(String regex, int i, boolean[] group) {
        if (i >= regex.length()) {
            return i;
        }
        char c = regex.charAt(i);
        int next;
        if (c == '*' || c == '+' || c == '?') {
            next = i + 1;
        } else if (c == '{' && regex.indexOf('}', i) > i) {
            next = regex.indexOf('}', i) + 1;
        } else {
            return i;
        }
        group[0] = true;
        if (next < regex.length() && (regex.charAt(next) == '?' || regex.charAt(next) == '+')) {
            next++;
        }
        return next;
    }

    /** Whether the quantifier at {@code i} allows more than one repetition ({@code *}, {@code +}, {@code {2}}, ...). */
    private static boolean repeatsMoreThanOnce(String regex, int i) {
        if (i >= regex.length()) {
            return false;
        }
        char c = regex.charAt(i);
        if (c == '*' || c == '+') {
            return true;
        }
        int close = regex.indexOf('}', i);
        if (c != '{' || close < 0) {
            return false;
        }
        String[] bounds = regex.substring(i + 1, close).split(",", -1);
        String upper = bounds.length > 1 ? bounds[1].trim() : bounds[0].trim();
        return upper.isEmpty() || !upper.matches("[0-9]{1,9}") || Integer.parseInt(upper) > 1;
    }

    /** The index after the character class starting at {@code i} (escapes and nested classes included). */
    private static int afterCharacterClass(String regex, int i) {
        int depth = 0;
        int n = regex.length();
        while (i < n) {
            char c = regex.charAt(i);
            if (c == '\\') {
                i += 2;
                continue;
            }
            if (c == '[') {
                depth++;
                // A ']' right after '[' or '[^' is a literal.
                if (i + 1 < n && regex.charAt(i + 1) == '^') {
                    i++;
                }
                if (i + 1 < n && regex.charAt(i + 1) == ']') {
                    i++;
                }
            } else if (c == ']') {
                depth--;
                if (depth == 0) {
                    return i + 1;
                }
            }
            i++;
        }
        return n;
    }

    /** Thrown by {@link BudgetedCharSequence} to abandon one match attempt; no stack trace (it is expected). */
    private static final class BudgetExceeded extends RuntimeException {
        private static final long serialVersionUID = 1L;

        BudgetExceeded() {
            super("regex evaluation budget exceeded", null, false, false);
        }
    }

    /**
     * The User-Agent as the regex engine sees it: every character read counts against a budget, so one match
     * attempt does bounded work whatever the pattern. {@link java.util.regex.Matcher} reads its input only through
     * {@code charAt}/{@code length}/{@code subSequence}.
     */
    private static final class BudgetedCharSequence implements CharSequence {
        private final String text;
        private final int offset;
        private final int length;
        private final int[] remaining;

        BudgetedCharSequence(String text, int budget) {
            this(text, 0, text.length(), new int[] {budget});
        }

        private BudgetedCharSequence(String text, int offset, int length, int[] remaining) {
            this.text = text;
            this.offset = offset;
            this.length = length;
            this.remaining = remaining;
        }

        @Override
        public int length() {
            return length;
        }

        @Override
        public char charAt(int index) {
            if (--remaining[0] < 0) {
                throw new BudgetExceeded();
            }
            if (index < 0 || index >= length) {
                throw new IndexOutOfBoundsException("index " + index + ", length " + length);
            }
            return text.charAt(offset + index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            if (start < 0 || end > length || start > end) {
                throw new IndexOutOfBoundsException("subSequence " + start + ".." + end + ", length " + length);
            }
            return new BudgetedCharSequence(text, offset + start, end - start, remaining);
        }

        @Override
        public String toString() {
            return text.substring(offset, offset + length);
        }
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
