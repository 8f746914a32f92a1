package io.github.broadleafmeta.core.alert;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The alert rules' thresholds, the channels and the health endpoint, as resolved from the settings
 * ({@code meta.alert.*}, {@code meta.health.*}; built by {@code MetaSettings.alerts()}). A threshold of
 * {@code null} means the rule is switched off ({@code off} in the settings). Holds the webhook URL, which is a
 * secret: {@link #toString()} never shows it.
 */
public final class AlertSettings {

    public static final String OFF = "off";
    public static final String DEFAULT_EMAIL_FROM = "meta-capi-alerts@localhost";
    public static final String DEFAULT_HEALTH_PATH = "/meta/health";
    public static final int DEFAULT_INTERVAL_SECONDS = 60;
    public static final int DEFAULT_CLEAR_MINUTES = 5;
    public static final int DEFAULT_CIRCUIT_OPEN_MINUTES = 10;
    public static final int DEFAULT_BACKLOG_MINUTES = 30;
    public static final int DEFAULT_PURCHASE_SHARE_PERCENT = 90;
    public static final int DEFAULT_REJECTION_PERCENT = 5;
    public static final int DEFAULT_REJECTION_MIN_EVENTS = 20;
    public static final int DEFAULT_MATCH_QUALITY_DROP = 1;
    public static final int DEFAULT_TOKEN_EXPIRY_DAYS = 14;

    private static final Pattern EMAIL = Pattern.compile("[^@\\s,;<>\"]{1,64}@[A-Za-z0-9.-]{1,190}");

    private final boolean enabled;
    private final List<String> pixelIds;
    private final Duration interval;
    private final Duration clearAfter;
    private final Integer circuitOpenMinutes;
    private final boolean credentialsHeld;
    private final Integer backlogMinutes;
    private final Integer purchaseSharePercent;
    private final Integer rejectionPercent;
    private final int rejectionMinEvents;
    private final Integer matchQualityDrop;
    private final Integer tokenExpiryDays;
    private final List<String> emailTo;
    private final String emailFrom;
    private final String webhookUrl;
    private final boolean healthEnabled;
    private final String healthPath;
    private final int healthDegradedStatus;

    private AlertSettings(Builder b) {
        this.enabled = b.enabled;
        this.pixelIds = Collections.unmodifiableList(new ArrayList<String>(b.pixelIds));
        this.interval = b.interval;
        this.clearAfter = b.clearAfter;
        this.circuitOpenMinutes = b.circuitOpenMinutes;
        this.credentialsHeld = b.credentialsHeld;
        this.backlogMinutes = b.backlogMinutes;
        this.purchaseSharePercent = b.purchaseSharePercent;
        this.rejectionPercent = b.rejectionPercent;
        this.rejectionMinEvents = b.rejectionMinEvents;
        this.matchQualityDrop = b.matchQualityDrop;
        this.tokenExpiryDays = b.tokenExpiryDays;
        this.emailTo = Collections.unmodifiableList(new ArrayList<String>(b.emailTo));
        this.emailFrom = b.emailFrom;
        this.webhookUrl = b.webhookUrl;
        this.healthEnabled = b.healthEnabled;
        this.healthPath = b.healthPath;
        this.healthDegradedStatus = b.healthDegradedStatus;
    }

    /** Every default, no pixel, no channel but the log. */
    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.pixelIds = new ArrayList<String>(pixelIds);
        b.interval = interval;
        b.clearAfter = clearAfter;
        b.circuitOpenMinutes = circuitOpenMinutes;
        b.credentialsHeld = credentialsHeld;
        b.backlogMinutes = backlogMinutes;
        b.purchaseSharePercent = purchaseSharePercent;
        b.rejectionPercent = rejectionPercent;
        b.rejectionMinEvents = rejectionMinEvents;
        b.matchQualityDrop = matchQualityDrop;
        b.tokenExpiryDays = tokenExpiryDays;
        b.emailTo = new ArrayList<String>(emailTo);
        b.emailFrom = emailFrom;
        b.webhookUrl = webhookUrl;
        b.healthEnabled = healthEnabled;
        b.healthPath = healthPath;
        b.healthDegradedStatus = healthDegradedStatus;
        return b;
    }

    public boolean enabled() {
        return enabled;
    }

    /** The configured pixels, primary first: every rule is evaluated per pixel. */
    public List<String> pixelIds() {
        return pixelIds;
    }

    public Duration interval() {
        return interval;
    }

    /** How long a condition must stay clear before its incident ends: a flapping condition does not re-alert. */
    public Duration clearAfter() {
        return clearAfter;
    }

    public Integer circuitOpenMinutes() {
        return circuitOpenMinutes;
    }

    public boolean credentialsHeld() {
        return credentialsHeld;
    }

    public Integer backlogMinutes() {
        return backlogMinutes;
    }

    public Integer purchaseSharePercent() {
        return purchaseSharePercent;
    }

    public Integer rejectionPercent() {
        return rejectionPercent;
    }

    public int rejectionMinEvents() {
        return rejectionMinEvents;
    }

    public Integer matchQualityDrop() {
        return matchQualityDrop;
    }

    public Integer tokenExpiryDays() {
        return tokenExpiryDays;
    }

    public List<String> emailTo() {
        return emailTo;
    }

    public String emailFrom() {
        return emailFrom;
    }

    /** Secret (see the class comment); null when no webhook is set. */
    public String webhookUrl() {
        return webhookUrl;
    }

    public boolean healthEnabled() {
        return healthEnabled;
    }

    public String healthPath() {
        return healthPath;
    }

    /** 200 or 503. */
    public int healthDegradedStatus() {
        return healthDegradedStatus;
    }

    // ------------------------------------------------------------------------------------------- validation

    /** {@code off} or a whole number in range; null when acceptable. */
    public static String offOrIntProblem(String v, int min, int max) {
        if (OFF.equalsIgnoreCase(v)) {
            return null;
        }
        if (v.isEmpty() || v.length() > 9 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return "must be a whole number " + min + ".." + max + " or off";
        }
        int n = Integer.parseInt(v);
        return n < min || n > max ? "is outside " + min + ".." + max + " (or off)" : null;
    }

    /** Parses a value {@link #offOrIntProblem} accepted: null for off. */
    public static Integer parseOffOrInt(String v) {
        return v == null || OFF.equalsIgnoreCase(v.trim()) ? null : Integer.valueOf(v.trim());
    }

    public static String emailProblem(String v) {
        return EMAIL.matcher(v).matches() ? null : "is not an e-mail address like ops@example.com";
    }

    public static String emailListProblem(String v) {
        List<String> addresses = splitAddresses(v);
        if (addresses.size() > 20) {
            return "lists more than 20 addresses";
        }
        for (String a : addresses) {
            if (!EMAIL.matcher(a).matches()) {
                return "holds '" + (a.length() > 60 ? a.substring(0, 60) + "..." : a)
                        + "', which is not an e-mail address like ops@example.com";
            }
        }
        return null;
    }

    /** Comma, semicolon or white space separated addresses. */
    public static List<String> splitAddresses(String v) {
        List<String> out = new ArrayList<String>();
        if (v == null) {
            return out;
        }
        for (String part : v.split("[,;\\s]+")) {
            if (!part.isEmpty() && !out.contains(part)) {
                out.add(part);
            }
        }
        return out;
    }

    /** An absolute http(s) URL without user info (the value itself is never echoed: it may hold a key). */
    public static String webhookUrlProblem(String v) {
        if (v.length() > 1000) {
            return "is longer than 1000 characters";
        }
        try {
            URI uri = new URI(v);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (!("https".equals(scheme) || "http".equals(scheme)) || uri.getHost() == null) {
                return "must be an absolute http:// or https:// URL";
            }
            if (uri.getRawUserInfo() != null) {
                return "must not contain a user name or password";
            }
            return null;
        } catch (URISyntaxException e) {
            return "is not a valid URL";
        }
    }

    @Override
    public String toString() {
        return "AlertSettings{enabled=" + enabled + ", pixels=" + pixelIds + ", interval=" + interval
                + ", clearAfter=" + clearAfter + ", circuitOpenMinutes=" + circuitOpenMinutes + ", credentialsHeld="
                + credentialsHeld + ", backlogMinutes=" + backlogMinutes + ", purchaseSharePercent="
                + purchaseSharePercent + ", rejectionPercent=" + rejectionPercent + ", matchQualityDrop="
                + matchQualityDrop + ", tokenExpiryDays=" + tokenExpiryDays + ", emailTo=" + emailTo.size()
                + " address(es), webhook=" + (webhookUrl == null ? "none" : "set") + ", health=" + healthEnabled
                + "}";
    }

    public static final class Builder {
        private boolean enabled = true;
        private List<String> pixelIds = new ArrayList<String>();
        private Duration interval = Duration.ofSeconds(DEFAULT_INTERVAL_SECONDS);
        private Duration clearAfter = Duration.ofMinutes(DEFAULT_CLEAR_MINUTES);
        private Integer circuitOpenMinutes = DEFAULT_CIRCUIT_OPEN_MINUTES;
        private boolean credentialsHeld = true;
        private Integer backlogMinutes = DEFAULT_BACKLOG_MINUTES;
        private Integer purchaseSharePercent = DEFAULT_PURCHASE_SHARE_PERCENT;
        private Integer rejectionPercent = DEFAULT_REJECTION_PERCENT;
        private int rejectionMinEvents = DEFAULT_REJECTION_MIN_EVENTS;
        private Integer matchQualityDrop = DEFAULT_MATCH_QUALITY_DROP;
        private Integer tokenExpiryDays = DEFAULT_TOKEN_EXPIRY_DAYS;
        private List<String> emailTo = new ArrayList<String>();
        private String emailFrom = DEFAULT_EMAIL_FROM;
        private String webhookUrl;
        private boolean healthEnabled = true;
        private String healthPath = DEFAULT_HEALTH_PATH;
        private int healthDegradedStatus = 200;

        private Builder() {
        }

        public Builder enabled(boolean v) {
            enabled = v;
            return this;
        }

        public Builder pixelIds(List<String> v) {
            pixelIds = new ArrayList<String>(v);
            return this;
        }

        public Builder interval(Duration v) {
            interval = v;
            return this;
        }

        public Builder clearAfter(Duration v) {
            clearAfter = v;
            return this;
        }

        public Builder circuitOpenMinutes(Integer v) {
            circuitOpenMinutes = v;
            return this;
        }

        public Builder credentialsHeld(boolean v) {
            credentialsHeld = v;
            return this;
        }

        public Builder backlogMinutes(Integer v) {
            backlogMinutes = v;
            return this;
        }

        public Builder purchaseSharePercent(Integer v) {
            purchaseSharePercent = v;
            return this;
        }

        public Builder rejectionPercent(Integer v) {
            rejectionPercent = v;
            return this;
        }

        public Builder rejectionMinEvents(int v) {
            rejectionMinEvents = v;
            return this;
        }

        public Builder matchQualityDrop(Integer v) {
            matchQualityDrop = v;
            return this;
        }

        public Builder tokenExpiryDays(Integer v) {
            tokenExpiryDays = v;
            return this;
        }

        public Builder emailTo(List<String> v) {
            emailTo = new ArrayList<String>(v);
            return this;
        }

        public Builder emailFrom(String v) {
            emailFrom = v;
            return this;
        }

        public Builder webhookUrl(String v) {
            webhookUrl = v;
            return this;
        }

        public Builder healthEnabled(boolean v) {
            healthEnabled = v;
            return this;
        }

        public Builder healthPath(String v) {
            healthPath = v;
            return this;
        }

        public Builder healthDegradedStatus(int v) {
            healthDegradedStatus = v;
            return this;
        }

        public AlertSettings build() {
            if (interval == null || interval.isNegative() || interval.isZero() || clearAfter == null
                    || clearAfter.isNegative()) {
                throw new IllegalArgumentException("interval must be positive and clearAfter not negative, were "
                        + interval + ", " + clearAfter);
            }
            if (healthDegradedStatus != 200 && healthDegradedStatus != 503) {
                throw new IllegalArgumentException("healthDegradedStatus must be 200 or 503, was "
                        + healthDegradedStatus);
            }
            return new AlertSettings(this);
        }
    }
}
