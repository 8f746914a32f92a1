package io.github.broadleafmeta.core.broadleaf31.catalog;

import io.github.broadleafmeta.core.catalog.CatalogFeed;
import io.github.broadleafmeta.core.catalog.FeedFileWriter;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;

import java.time.Clock;

/** Factory methods for Spring XML, which cannot write lambdas. */
public final class CatalogBeans {

    private CatalogBeans() {
    }

    /** The scheduled feed file, reading the catalog settings of the moment at every check. */
    public static FeedFileWriter feedFileWriter(CatalogFeed feed, SettingsSnapshots settings,
            PersistenceContextScope scope, Clock clock) {
        return new FeedFileWriter(feed, () -> settings.current().catalog(), scope, clock);
    }
}
