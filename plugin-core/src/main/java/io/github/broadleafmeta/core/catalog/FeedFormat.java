package io.github.broadleafmeta.core.catalog;

import java.util.Locale;

/** The feed formats Meta documents for scheduled fetches that this plugin writes. */
public enum FeedFormat {
    CSV("csv", "text/csv"),
    TSV("tsv", "text/tab-separated-values"),
    XML("xml", "application/rss+xml");

    private final String setting;
    private final String mediaType;

    FeedFormat(String setting, String mediaType) {
        this.setting = setting;
        this.mediaType = mediaType;
    }

    /** {@code csv}, {@code tsv} or {@code xml} (also {@code rss}), any case; null for anything else. */
    public static FeedFormat parse(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        if (v.equals("rss")) {
            return XML;
        }
        for (FeedFormat f : values()) {
            if (f.setting.equals(v)) {
                return f;
            }
        }
        return null;
    }

    public String setting() {
        return setting;
    }

    public String mediaType() {
        return mediaType;
    }

    public String fileExtension() {
        return setting;
    }
}
