package io.github.broadleafmeta.store;

import io.github.broadleafmeta.store.StoreClient.Page;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The admin's History tab after settings were saved through the Settings form of the real admin. */
class AdminSettingsHistoryIT {

    private static final String APP_SECRET = "appsecretHistoryIT4711";

    @Test
    void shouldShowWhoChangedWhatWithOldAndNewValuesAndASecretOnlyAsChanged() throws Exception {
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        admin.submitLikeBrowser(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        try {
            Page first = admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings")
                    .one("form[data-test=settings-form]"), Map.of("meta.outbox.retentionDays", "41"));
            assertThat(first.status).as("saved:\n%s", first.body).isEqualTo(302);
            Page saved = admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings")
                    .one("form[data-test=settings-form]"), Map.of("meta.outbox.retentionDays", "42",
                            "meta.capi.appSecret", APP_SECRET));
            assertThat(saved.status).as("saved:\n%s", saved.body).isEqualTo(302);

            Page history = admin.browse("/admin/meta-pixel/history");

            assertThat(history.status).isEqualTo(200);
            Element retention = history.html.selectFirst("[data-test=history-row][data-key='meta.outbox.retentionDays']");
            assertThat(retention).isNotNull();
            assertThat(retention.selectFirst("[data-test=history-user]").text()).isEqualTo("admin");
            assertThat(retention.selectFirst("[data-test=history-old]").text()).isEqualTo("41");
            assertThat(retention.selectFirst("[data-test=history-new]").text()).isEqualTo("42");
            Element secret = history.html.selectFirst("[data-test=history-row][data-key='meta.capi.appSecret']");
            assertThat(secret.selectFirst("[data-test=history-secret]").text()).isEqualTo("changed");
            assertThat(history.body).doesNotContain(APP_SECRET).doesNotContain("enc:v1:")
                    .doesNotContain(RunningStore.ACCESS_TOKEN);
        } finally {
            MetaSettingsFixture.clear("meta.outbox.retentionDays", "meta.capi.appSecret");
        }
    }
}
