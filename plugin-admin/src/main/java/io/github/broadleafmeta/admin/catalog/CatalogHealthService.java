package io.github.broadleafmeta.admin.catalog;

import io.github.broadleafmeta.admin.settings.SettingsAdminService;
import io.github.broadleafmeta.core.catalog.CatalogMatch;
import io.github.broadleafmeta.core.catalog.CatalogSettings;
import io.github.broadleafmeta.core.catalog.CatalogSource;
import io.github.broadleafmeta.core.catalog.FeedFileWriter;
import io.github.broadleafmeta.core.catalog.FeedIds;
import io.github.broadleafmeta.core.catalog.FeedReport;
import io.github.broadleafmeta.core.outbox.OutboxContentIds;

import java.time.Clock;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The admin's catalog health check: the content ids of the last {@value #DAYS} days of outbox events against the ids
 * of the catalog feed as the storefront would serve it now (same source, same strategy). Both read on demand, when
 * the admin opens the panel: the feed through the catalog source in its own persistence context.
 */
public class CatalogHealthService {

    public static final int DAYS = 7;
    public static final int MAX_UNMATCHED = 50;
    /** Base URL for ids only (links are not compared) when none is configured. */
    private static final String PLACEHOLDER_BASE_URL = "http://localhost";

    private final SettingsAdminService settings;
    private final OutboxContentIds contentIds;
    private final CatalogSource catalog;
    private final FeedFileWriter.Scope scope;
    private final Clock clock;

    public CatalogHealthService(SettingsAdminService settings, OutboxContentIds contentIds, CatalogSource catalog,
            FeedFileWriter.Scope scope, Clock clock) {
        this.settings = settings;
        this.contentIds = contentIds;
        this.catalog = catalog;
        this.scope = scope;
        this.clock = clock;
    }

    public CatalogHealth check() throws Exception {
        CatalogSettings s = settings.current().catalog();
        FeedReport report = new FeedReport();
        String baseUrl = s.baseUrl() != null ? s.baseUrl() : PLACEHOLDER_BASE_URL;
        Set<String> feedIds = scope.run(() -> FeedIds.of(catalog.rows(s, baseUrl, report)));
        Map<String, Map<String, Long>> seen = contentIds.since(clock.instant().minus(Duration.ofDays(DAYS)));
        return new CatalogHealth(s, report, CatalogMatch.compare(seen, feedIds, MAX_UNMATCHED));
    }

    /** What the panel shows. */
    public static final class CatalogHealth {
        private final CatalogSettings settings;
        private final FeedReport feed;
        private final List<CatalogMatch> matches;

        CatalogHealth(CatalogSettings settings, FeedReport feed, List<CatalogMatch> matches) {
            this.settings = settings;
            this.feed = feed;
            this.matches = Collections.unmodifiableList(matches);
        }

        public String contentIdSetting() {
            return settings.contentIdStrategy().setting();
        }

        public boolean feedEnabled() {
            return settings.feedEnabled();
        }

        public String feedPath() {
            return settings.feedPath();
        }

        public boolean feedProtected() {
            return settings.feedProtected();
        }

        public FeedReport feed() {
            return feed;
        }

        public List<CatalogMatch> matches() {
            return matches;
        }
    }
}
