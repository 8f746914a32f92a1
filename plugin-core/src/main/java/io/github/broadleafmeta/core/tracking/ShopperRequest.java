package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.request.SourceUrls;

/**
 * What a storefront request tells about the shopper's browser, captured by the storefront adapter: the values
 * Meta matches on without hashing (IP, user agent, fbp, fbc), the page URL and the consent signal. Raw, as seen,
 * except the page URL, which is kept only as {@link SourceUrls#clean} allows (no tokens, search terms or session ids).
 */
public final class ShopperRequest {

    private static final ShopperRequest NONE = new ShopperRequest(null, null, null, null, null, true);

    private final String clientIp;
    private final String userAgent;
    private final String fbp;
    private final String fbc;
    private final String sourceUrl;
    private final boolean consentGranted;

    public ShopperRequest(String clientIp, String userAgent, String fbp, String fbc, String sourceUrl,
            boolean consentGranted) {
        this.clientIp = clientIp;
        this.userAgent = userAgent;
        this.fbp = fbp;
        this.fbc = fbc;
        this.sourceUrl = SourceUrls.clean(sourceUrl);
        this.consentGranted = consentGranted;
    }

    /** No request (a background job): no browser values; where consent is required it counts as not given. */
    public static ShopperRequest none() {
        return NONE;
    }

    public String clientIp() {
        return clientIp;
    }

    public String userAgent() {
        return userAgent;
    }

    public String fbp() {
        return fbp;
    }

    public String fbc() {
        return fbc;
    }

    public String sourceUrl() {
        return sourceUrl;
    }

    /** False when the store requires consent and the shopper has not given it. */
    public boolean consentGranted() {
        return consentGranted;
    }

    @Override
    public String toString() {
        return "ShopperRequest{ua=" + (userAgent != null) + ", ip=" + (clientIp != null) + ", fbp=" + (fbp != null)
                + ", fbc=" + (fbc != null) + ", consent=" + consentGranted + "}";
    }
}
