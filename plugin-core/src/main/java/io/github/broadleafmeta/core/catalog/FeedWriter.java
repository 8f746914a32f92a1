package io.github.broadleafmeta.core.catalog;

import java.io.IOException;
import java.io.Writer;
import java.util.Iterator;

/**
 * Writes a feed row by row as the rows arrive from an iterator (which pages through the catalog), so memory stays
 * flat whatever the catalog's size: nothing is collected. CSV and TSV start with a header row of {@link
 * FeedItem#FIELDS}; XML is RSS 2.0 with Meta's (Google-merchant) {@code g:} namespace, one element per line.
 */
public final class FeedWriter {

    public static final String G_NAMESPACE = "http://base.google.com/ns/1.0";

    private final FeedFormat format;
    private final String channelTitle;
    private final String channelLink;

    /**
     * @param channelTitle RSS channel title (XML only), e.g. the store's name
     * @param channelLink  RSS channel link (XML only), the store's base URL
     */
    public FeedWriter(FeedFormat format, String channelTitle, String channelLink) {
        if (format == null) {
            throw new IllegalArgumentException("format is required");
        }
        this.format = format;
        this.channelTitle = channelTitle == null ? "" : channelTitle;
        this.channelLink = channelLink == null ? "" : channelLink;
    }

    /** Writes every row, then flushes; returns the number of rows. The caller closes {@code out}. */
    public long write(Iterator<FeedItem> items, Writer out) throws IOException {
        long rows = 0;
        begin(out);
        while (items.hasNext()) {
            row(items.next(), out);
            rows++;
        }
        end(out);
        out.flush();
        return rows;
    }

    private void begin(Writer out) throws IOException {
        if (format == FeedFormat.XML) {
            out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\" xmlns:g=\"" + G_NAMESPACE
                    + "\">\n<channel>\n<title>" + XmlEscaper.text(channelTitle) + "</title>\n<link>"
                    + XmlEscaper.text(channelLink) + "</link>\n<description>" + XmlEscaper.text(channelTitle)
                    + " products</description>\n");
            return;
        }
        char delimiter = format == FeedFormat.TSV ? '\t' : ',';
        for (int i = 0; i < FeedItem.FIELDS.size(); i++) {
            if (i > 0) {
                out.write(delimiter);
            }
            out.write(FeedItem.FIELDS.get(i));
        }
        out.write('\n');
    }

    private void row(FeedItem item, Writer out) throws IOException {
        if (format == FeedFormat.XML) {
            out.write("<item>\n");
            for (String field : FeedItem.FIELDS) {
                String v = item.value(field);
                if (v != null) {
                    out.write("<g:" + field + ">" + XmlEscaper.text(v) + "</g:" + field + ">\n");
                }
            }
            out.write("</item>\n");
            return;
        }
        for (int i = 0; i < FeedItem.FIELDS.size(); i++) {
            String v = item.value(FeedItem.FIELDS.get(i));
            if (format == FeedFormat.TSV) {
                if (i > 0) {
                    out.write('\t');
                }
                out.write(TsvEscaper.field(v));
            } else {
                if (i > 0) {
                    out.write(',');
                }
                out.write(CsvEscaper.field(v));
            }
        }
        out.write('\n');
    }

    private void end(Writer out) throws IOException {
        if (format == FeedFormat.XML) {
            out.write("</channel>\n</rss>\n");
        }
    }

    public FeedFormat format() {
        return format;
    }
}
