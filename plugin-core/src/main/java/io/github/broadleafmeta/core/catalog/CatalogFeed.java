package io.github.broadleafmeta.core.catalog;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.IOException;
import java.io.Writer;
import java.net.URI;

/**
 * Writes the catalog feed of a {@link CatalogSource} in one format, streamed. Logs one line per write (rows, items
 * skipped and why); never the feed's token or credentials, which this class never sees.
 */
public final class CatalogFeed {

    private static final Log LOG = LogFactory.getLog(CatalogFeed.class);

    private final CatalogSource source;

    public CatalogFeed(CatalogSource source) {
        if (source == null) {
            throw new IllegalArgumentException("source is required");
        }
        this.source = source;
    }

    /**
     * @param baseUrl absolute storefront base URL (setting {@code meta.catalog.baseUrl}, else the request's own)
     * @return what was written and what was left out
     */
    public FeedReport write(CatalogSettings settings, FeedFormat format, String baseUrl, Writer out)
            throws IOException {
        FeedReport report = new FeedReport();
        String title = settings.brand() != null ? settings.brand() : host(baseUrl);
        report.written(new FeedWriter(format, title, baseUrl).write(source.rows(settings, baseUrl, report), out));
        if (report.skipped() > 0) {
            LOG.warn("Meta catalog feed (" + format.setting() + "): " + report);
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("Meta catalog feed (" + format.setting() + "): " + report);
        }
        return report;
    }

    private static String host(String baseUrl) {
        try {
            String host = URI.create(baseUrl).getHost();
            return host == null ? baseUrl : host;
        } catch (IllegalArgumentException e) {
            return baseUrl;
        }
    }
}
