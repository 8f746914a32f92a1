package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.util.Map;
import java.util.function.Predicate;

/** Changes the plugin's admin-saved settings (the META_SETTINGS table) the way the admin screen does. */
final class MetaSettingsFixture {

    static void save(Map<String, String> values) throws Exception {
        RunningStore.get();
        try (Connection db = RunningStore.database()) {
            for (Map.Entry<String, String> e : values.entrySet()) {
                try (PreparedStatement delete = db.prepareStatement("DELETE FROM META_SETTINGS WHERE setting_key = ?");
                        PreparedStatement insert = db.prepareStatement("INSERT INTO META_SETTINGS"
                                + " (setting_key, setting_value, updated_at, updated_by) VALUES (?, ?, ?, 'it')")) {
                    delete.setString(1, e.getKey());
                    delete.executeUpdate();
                    insert.setString(1, e.getKey());
                    insert.setString(2, e.getValue());
                    insert.setLong(3, System.currentTimeMillis());
                    insert.executeUpdate();
                }
            }
        }
    }

    static void clear(String... keys) throws Exception {
        try (Connection db = RunningStore.database();
                PreparedStatement delete = db.prepareStatement("DELETE FROM META_SETTINGS WHERE setting_key = ?")) {
            for (String key : keys) {
                delete.setString(1, key);
                delete.executeUpdate();
            }
        }
        awaitSettingsExpiry();
    }

    /** The storefront caches settings for a few seconds: wait so the next test sees the change everywhere. */
    static void awaitSettingsExpiry() throws InterruptedException {
        Thread.sleep(3500);
    }

    static void execute(String sql) throws Exception {
        try (Connection db = RunningStore.database(); Statement s = db.createStatement()) {
            s.execute(sql);
        }
    }

    /** Settings reach the storefront within seconds (cached snapshots): poll a page until it shows the change. */
    static Page awaitPage(StoreClient client, String path, Predicate<Page> condition) throws Exception {
        long deadline = System.currentTimeMillis() + 15_000;
        Page page = client.get(path);
        while (!condition.test(page) && System.currentTimeMillis() < deadline) {
            Thread.sleep(250);
            page = client.get(path);
        }
        if (!condition.test(page)) {
            throw new AssertionError("the setting did not reach the storefront in time");
        }
        return page;
    }

    private MetaSettingsFixture() {
    }
}
