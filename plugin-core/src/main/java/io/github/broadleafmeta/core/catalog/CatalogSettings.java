package io.github.broadleafmeta.core.catalog;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * The catalog side's settings, one immutable snapshot (built by {@code MetaSettings#catalog()}). Holds the feed's
 * secrets: {@link #toString()} says only whether they are set, and {@link #accessAllowed} compares in constant time.
 */
public final class CatalogSettings {

    public static final String DEFAULT_FEED_PATH = "/meta/catalog-feed";

    private final ContentIdStrategy contentIdStrategy;
    private final boolean feedEnabled;
    private final String feedPath;
    private final FeedFormat feedFormat;
    private final String feedToken;
    private final String feedUsername;
    private final String feedPassword;
    private final String baseUrl;
    private final String brand;
    private final String feedFile;
    private final int feedFileIntervalMinutes;

    private CatalogSettings(Builder b) {
        this.contentIdStrategy = b.contentIdStrategy == null ? ContentIdStrategy.ofDefaults() : b.contentIdStrategy;
        this.feedEnabled = b.feedEnabled;
        this.feedPath = b.feedPath == null ? DEFAULT_FEED_PATH : b.feedPath;
        this.feedFormat = b.feedFormat == null ? FeedFormat.CSV : b.feedFormat;
        this.feedToken = b.feedToken;
        this.feedUsername = b.feedUsername;
        this.feedPassword = b.feedPassword;
        this.baseUrl = b.baseUrl == null ? null : stripTrailingSlash(b.baseUrl);
        this.brand = b.brand;
        this.feedFile = b.feedFile;
        this.feedFileIntervalMinutes = b.feedFileIntervalMinutes;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static CatalogSettings ofDefaults() {
        return builder().build();
    }

    // ---- checks, shared by the settings resolver and the admin form ------------------------------------------

    /** A storefront path: starts with '/', letters, digits and {@code / _ - .} only, at most 100 characters. */
    public static String pathProblem(String v) {
        if (v.length() < 2 || v.length() > 100 || v.charAt(0) != '/' || v.contains("//") || v.contains("..")) {
            return "must be a path such as " + DEFAULT_FEED_PATH;
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '/' || c == '_'
                    || c == '-' || c == '.')) {
                return "may contain only letters, digits and / _ - .";
            }
        }
        return null;
    }

    public static String brandProblem(String v) {
        if (v.length() > 100) {
            return "is longer than Meta's 100 characters";
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                return "may not contain control characters";
            }
        }
        return null;
    }

    /** An absolute file path (where the scheduled feed is written). */
    public static String fileProblem(String v) {
        if (!(v.startsWith("/") || v.matches("[A-Za-z]:[\\\\/].*")) || v.length() > 500) {
            return "must be an absolute file path such as /var/feeds/meta-catalog.csv";
        }
        for (int i = 0; i < v.length(); i++) {
            if (Character.isISOControl(v.charAt(i))) {
                return "may not contain control characters";
            }
        }
        return null;
    }

    // ---- access ----------------------------------------------------------------------------------------------

    /** Whether the feed requires a token or basic auth. Without either anyone who knows the path may read it. */
    public boolean feedProtected() {
        return feedToken != null || basicAuthConfigured();
    }

    public boolean basicAuthConfigured() {
        return feedUsername != null && feedPassword != null;
    }

    /**
     * Whether a request may read the feed: the {@code token} query parameter or the {@code Authorization} header
     * (Basic) matches; both compared in constant time. Unprotected feeds allow every request.
     */
    public boolean accessAllowed(String tokenParameter, String authorizationHeader) {
        if (!feedProtected()) {
            return true;
        }
        boolean allowed = false;
        if (feedToken != null && tokenParameter != null) {
            allowed = constantTimeEquals(feedToken, tokenParameter);
        }
        if (basicAuthConfigured() && authorizationHeader != null
                && authorizationHeader.regionMatches(true, 0, "Basic ", 0, 6)) {
            String expected = Base64.getEncoder().encodeToString(
                    (feedUsername + ":" + feedPassword).getBytes(StandardCharsets.UTF_8));
            allowed |= constantTimeEquals(expected, authorizationHeader.substring(6).trim());
        }
        return allowed;
    }

    private static boolean constantTimeEquals(String expected, String given) {
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), given.getBytes(StandardCharsets.UTF_8));
    }

    private static String stripTrailingSlash(String url) {
        String u = url.trim();
        while (u.endsWith("/")) {
            u = u.substring(0, u.length() - 1);
        }
        return u;
    }

    // ---- getters ---------------------------------------------------------------------------------------------

    public ContentIdStrategy contentIdStrategy() {
        return contentIdStrategy;
    }

    public boolean feedEnabled() {
        return feedEnabled;
    }

    public String feedPath() {
        return feedPath;
    }

    public FeedFormat feedFormat() {
        return feedFormat;
    }

    /** Absolute storefront base URL without trailing slash, or null (then the request's own is used). */
    public String baseUrl() {
        return baseUrl;
    }

    /** Brand for products without a manufacturer, or null. */
    public String brand() {
        return brand;
    }

    /** Absolute path of the scheduled feed file, or null (no file). */
    public String feedFile() {
        return feedFile;
    }

    public int feedFileIntervalMinutes() {
        return feedFileIntervalMinutes;
    }

    @Override
    public String toString() {
        return "CatalogSettings{contentId=" + contentIdStrategy.setting() + ", feedEnabled=" + feedEnabled
                + ", feedPath=" + feedPath + ", format=" + feedFormat + ", token=" + (feedToken != null ? "set" : "not set")
                + ", basicAuth=" + (basicAuthConfigured() ? "set" : "not set") + ", baseUrl=" + baseUrl
                + ", feedFile=" + feedFile + "}";
    }

    public static final class Builder {
        private ContentIdStrategy contentIdStrategy;
        private boolean feedEnabled;
        private String feedPath;
        private FeedFormat feedFormat;
        private String feedToken;
        private String feedUsername;
        private String feedPassword;
        private String baseUrl;
        private String brand;
        private String feedFile;
        private int feedFileIntervalMinutes = 60;

        private Builder() {
        }

        public Builder contentIdStrategy(ContentIdStrategy strategy) {
            this.contentIdStrategy = strategy;
            return this;
        }

        public Builder feedEnabled(boolean enabled) {
            this.feedEnabled = enabled;
            return this;
        }

        public Builder feedPath(String path) {
            this.feedPath = blankToNull(path);
            return this;
        }

        public Builder feedFormat(FeedFormat format) {
            this.feedFormat = format;
            return this;
        }

        public Builder feedToken(String token) {
            this.feedToken = blankToNull(token);
            return this;
        }

        public Builder feedBasicAuth(String username, String password) {
            this.feedUsername = blankToNull(username);
            this.feedPassword = blankToNull(password);
            return this;
        }

        public Builder baseUrl(String baseUrl) {
            this.baseUrl = blankToNull(baseUrl);
            return this;
        }

        public Builder brand(String brand) {
            this.brand = blankToNull(brand);
            return this;
        }

        public Builder feedFile(String file) {
            this.feedFile = blankToNull(file);
            return this;
        }

        public Builder feedFileIntervalMinutes(int minutes) {
            if (minutes < 1) {
                throw new IllegalArgumentException("feedFileIntervalMinutes must be positive, was " + minutes);
            }
            this.feedFileIntervalMinutes = minutes;
            return this;
        }

        public CatalogSettings build() {
            return new CatalogSettings(this);
        }

        private static String blankToNull(String v) {
            return v == null || v.trim().isEmpty() ? null : v.trim();
        }
    }
}
