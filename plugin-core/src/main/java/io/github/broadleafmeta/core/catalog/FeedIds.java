package io.github.broadleafmeta.core.catalog;

import java.util.HashSet;
import java.util.Iterator;
import java.util.Set;

/** Every item id and item_group_id of a feed, read from its rows without writing them (for the health check). */
public final class FeedIds {

    private FeedIds() {
    }

    public static Set<String> of(Iterator<FeedItem> rows) {
        Set<String> ids = new HashSet<String>();
        while (rows.hasNext()) {
            FeedItem item = rows.next();
            ids.add(item.id());
            if (item.itemGroupId() != null) {
                ids.add(item.itemGroupId());
            }
        }
        return ids;
    }
}
