package io.github.broadleafmeta.admin.quality;

import io.github.broadleafmeta.core.outbox.MatchKeyCoverage;
import io.github.broadleafmeta.core.quality.DedupeKeyFeedback;
import io.github.broadleafmeta.core.quality.EventQuality;
import io.github.broadleafmeta.core.quality.QualityReading;
import io.github.broadleafmeta.core.quality.ReadState;
import io.github.broadleafmeta.core.quality.TokenHealth;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns a pixel's stored readings and the outbox's local match-key coverage into a {@link QualityPanel}. */
public final class QualityPanels {

    static final String NONE = "–";
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    /** Meta's match-key identifiers → the outbox's user_data keys (JdbcOutbox.DEFAULT_MATCH_KEYS). */
    private static final Map<String, String> LOCAL_KEY = new HashMap<String, String>();

    static {
        String[][] pairs = {{"email", "em"}, {"phone", "ph"}, {"first_name", "fn"}, {"last_name", "ln"},
            {"gender", "ge"}, {"date_of_birth", "db"}, {"city", "ct"}, {"state", "st"}, {"zip", "zp"},
            {"zip_code", "zp"}, {"country", "country"}, {"external_id", "external_id"}, {"fbp", "fbp"},
            {"browser_id", "fbp"}, {"fbc", "fbc"}, {"click_id", "fbc"}, {"ip_address", "ip"},
            {"client_ip_address", "ip"}, {"user_agent", "ua"}, {"client_user_agent", "ua"}};
        for (String[] p : pairs) {
            LOCAL_KEY.put(p[0], p[1]);
        }
    }

    private QualityPanels() {
    }

    /**
     * @param newestFirst    the pixel's stored readings, newest first (empty: never read)
     * @param localCoverage  the outbox's coverage per event name (last days, all pixels)
     * @param tokenWarnDays  warn this many days before the token expires
     */
    public static QualityPanel build(String pixelId, List<QualityReading> newestFirst,
            List<MatchKeyCoverage> localCoverage, Instant now, int tokenWarnDays) {
        Map<String, MatchKeyCoverage> local = new LinkedHashMap<String, MatchKeyCoverage>();
        for (MatchKeyCoverage c : localCoverage) {
            local.put(c.eventName(), c);
        }
        if (newestFirst.isEmpty()) {
            return new QualityPanel(pixelId, null, "info", "Not read yet: use \"Read now\", or wait for the daily "
                    + "read.", new ArrayList<QualityPanel.EventRow>(), "info", "Not read yet.", null,
                    EmqTrendChart.svg(newestFirst));
        }
        QualityReading latest = newestFirst.get(0);
        QualityReading previous = previousWithFigures(newestFirst);
        List<QualityPanel.EventRow> rows = new ArrayList<QualityPanel.EventRow>();
        for (EventQuality e : latest.dataset().events()) {
            EventQuality before = previous == null ? null : previous.dataset().event(e.eventName());
            rows.add(row(e, before, local.get(e.eventName())));
        }
        String datasetLevel;
        String datasetMessage;
        if (latest.dataset().state() == ReadState.OK) {
            datasetLevel = "ok";
            datasetMessage = rows.isEmpty() ? "Meta has no scores for this pixel yet (new pixels need a few days "
                    + "of events)." : null;
        } else {
            datasetLevel = latest.dataset().state() == ReadState.UNREACHABLE ? "warn" : "alert";
            datasetMessage = latest.dataset().state().label() + ": " + latest.dataset().message();
        }
        TokenHealth token = latest.token();
        String[] tokenView = tokenView(token, now, tokenWarnDays);
        return new QualityPanel(pixelId, WHEN.format(latest.readAt()), datasetLevel, datasetMessage, rows,
                tokenView[0], tokenView[1], token.scopes().isEmpty() ? null : String.join(", ", token.scopes()),
                EmqTrendChart.svg(newestFirst));
    }

    private static QualityReading previousWithFigures(List<QualityReading> newestFirst) {
        for (int i = 1; i < newestFirst.size(); i++) {
            if (newestFirst.get(i).dataset().state() == ReadState.OK
                    && !newestFirst.get(i).dataset().events().isEmpty()) {
                return newestFirst.get(i);
            }
        }
        return null;
    }

    private static QualityPanel.EventRow row(EventQuality e, EventQuality before, MatchKeyCoverage local) {
        String change = "";
        if (e.emqScore() != null && before != null && before.emqScore() != null) {
            double d = e.emqScore() - before.emqScore();
            if (Math.abs(d) >= 0.05) {
                change = (d > 0 ? "+" : "") + EmqTrendChart.format(d);
            }
        }
        List<QualityPanel.KeyCell> keys = new ArrayList<QualityPanel.KeyCell>();
        for (Map.Entry<String, Double> k : e.matchKeyCoverage().entrySet()) {
            String localKey = LOCAL_KEY.get(k.getKey());
            String localShare = local == null || localKey == null || local.total() == 0 ? NONE
                    : percent(local.share(localKey) * 100);
            keys.add(new QualityPanel.KeyCell(k.getKey(), k.getValue() == null ? NONE : percent(k.getValue()),
                    localShare));
        }
        String coverage = e.eventCoverage() == null ? NONE : percent(e.eventCoverage())
                + (e.eventCoverageGoal() == null ? "" : " (goal " + percent(e.eventCoverageGoal()) + ")");
        List<String> dedupe = new ArrayList<String>();
        for (DedupeKeyFeedback d : e.dedupeFeedback()) {
            dedupe.add(d.dedupeKey() + ": browser " + pct(d.browserEventsWithKey()) + ", server "
                    + pct(d.serverEventsWithKey()) + ", browser events deduplicated " + pct(d.browserCoverageFromKey()));
        }
        return new QualityPanel.EventRow(e.eventName(), e.emqScore() == null ? NONE
                : EmqTrendChart.format(e.emqScore()), change, keys, coverage,
                dedupe.isEmpty() ? NONE : String.join("; ", dedupe),
                e.uploadFrequency() == null ? NONE : e.uploadFrequency().replace('_', ' '));
    }

    /** {level, text}: alert when invalid, expired or inside the warning window. */
    static String[] tokenView(TokenHealth t, Instant now, int warnDays) {
        switch (t.state()) {
            case OK:
                break;
            case NOT_CONFIGURED:
                return new String[] {"info", t.message()};
            case TOKEN_INVALID:
                return new String[] {"alert", "Meta refuses this access token: " + t.message()};
            default:
                return new String[] {"warn", "The token's health could not be read: " + t.message()};
        }
        if (Boolean.FALSE.equals(t.valid())) {
            return new String[] {"alert", "Meta says this access token is NOT valid"
                    + (t.message() == null ? "" : " (" + t.message() + ")")
                    + ". Replace it in Settings: Meta refuses events until then (they are kept)."};
        }
        Long days = t.daysToExpiry(now);
        if (days == null) {
            return new String[] {"ok", "Valid; it never expires."};
        }
        String date = DATE.format(t.firstExpiry());
        String which = t.expiresAt() != null && t.expiresAt().equals(t.firstExpiry()) ? "expires"
                : "loses data access";
        if (days < 0) {
            return new String[] {"alert", "The access token " + (which.equals("expires") ? "expired" : "lost data "
                    + "access") + " on " + date + ". Replace it in Settings: Meta refuses events until then."};
        }
        if (t.needsAttention(now, Duration.ofDays(warnDays))) {
            return new String[] {"alert", "The access token " + which + " in " + days + " day"
                    + (days == 1 ? "" : "s") + " (" + date + "). Create a new one (a system-user token does not "
                    + "expire) and save it in Settings before then, or Meta refuses every event."};
        }
        return new String[] {"ok", "Valid; it " + which + " on " + date + " (in " + days + " days)."};
    }

    private static String pct(Double v) {
        return v == null ? NONE : percent(v);
    }

    private static String percent(double v) {
        return Math.round(v) + " %";
    }
}
