package io.github.broadleafmeta.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The servlet session id travels only in a cookie, never in a URL a page links to (or a Referer Meta sees). */
class SessionTrackingIT {

    @Test
    void shouldLinkWithoutJsessionidWhenStorefrontIsVisitedWithoutCookies() throws Exception {
        StoreClient.Page home = RunningStore.storefront().get("/");

        assertThat(home.status).isEqualTo(200);
        assertThat(home.body).containsIgnoringCase("href=\"/").doesNotContainIgnoringCase("jsessionid");
    }

    @Test
    void shouldLinkWithoutJsessionidWhenAdminLoginIsVisitedWithoutCookies() throws Exception {
        StoreClient admin = RunningStore.admin();
        StoreClient.Page login = admin.browse("/");

        assertThat(login.status).isEqualTo(200);
        assertThat(login.body).doesNotContainIgnoringCase("jsessionid");
    }
}
