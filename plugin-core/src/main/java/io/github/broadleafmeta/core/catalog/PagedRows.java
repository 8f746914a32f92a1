package io.github.broadleafmeta.core.catalog;

import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * The rows of a catalog read page by page: one page of source records is held at a time, turned into rows as the
 * writer asks, and let go (with {@code afterPage}, e.g. clearing a persistence context) before the next page is read.
 * Memory stays flat however many pages there are. Paging stops at the first page shorter than the page size.
 *
 * @param <T> a source record, e.g. a product
 */
public final class PagedRows<T> implements Iterator<FeedItem> {

    private final IntFunction<List<T>> pageReader;
    private final Function<T, List<FeedItem>> toRows;
    private final Runnable afterPage;
    private final int pageSize;

    private int nextPage;
    private boolean lastPageRead;
    private Iterator<T> records = Collections.<T>emptyList().iterator();
    private Iterator<FeedItem> rows = Collections.<FeedItem>emptyList().iterator();

    /**
     * @param pageReader page number (0-based) to at most {@code pageSize} records, in a stable order
     * @param toRows     one record to its rows (none when it cannot be listed; the function reports why)
     * @param afterPage  run when a page is used up, before the next is read
     */
    public PagedRows(IntFunction<List<T>> pageReader, int pageSize, Function<T, List<FeedItem>> toRows,
            Runnable afterPage) {
        if (pageSize < 1) {
            throw new IllegalArgumentException("pageSize must be positive, was " + pageSize);
        }
        this.pageReader = pageReader;
        this.pageSize = pageSize;
        this.toRows = toRows;
        this.afterPage = afterPage == null ? () -> { } : afterPage;
    }

    @Override
    public boolean hasNext() {
        while (!rows.hasNext()) {
            if (!records.hasNext()) {
                if (lastPageRead) {
                    return false;
                }
                if (nextPage > 0) {
                    afterPage.run();
                }
                List<T> page = pageReader.apply(nextPage++);
                lastPageRead = page == null || page.size() < pageSize;
                records = page == null ? Collections.<T>emptyList().iterator() : page.iterator();
                if (!records.hasNext()) {
                    continue;
                }
            }
            List<FeedItem> next = toRows.apply(records.next());
            rows = next == null ? Collections.<FeedItem>emptyList().iterator() : next.iterator();
        }
        return true;
    }

    @Override
    public FeedItem next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        return rows.next();
    }
}
