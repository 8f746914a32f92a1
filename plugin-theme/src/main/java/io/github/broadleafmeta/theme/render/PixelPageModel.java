package io.github.broadleafmeta.theme.render;

import io.github.broadleafmeta.core.consent.ConsentState;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.settings.DataLayerMode;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Everything the head snippet of one page says: the pixels to initialize (each with its hashed advanced matching),
 * the shopper's consent state and the consent cookie the page's consent API writes, the Limited Data Use options,
 * the track calls in order, the CSP nonce and whether the {@code <noscript>} image fallback is wanted. Immutable; collections are unmodifiable copies. A model without
 * pixels renders nothing at all.
 */
public final class PixelPageModel {

    private static final PixelPageModel EMPTY = builder().build();

    private final List<PixelInit> pixels;
    private final ConsentState consent;
    private final String consentCookieName;
    private final String consentGrantedValue;
    private final LduOptions ldu;
    private final List<TrackCall> trackCalls;
    private final String nonce;
    private final boolean noscript;
    private final DataLayerMode dataLayer;

    private PixelPageModel(Builder b) {
        this.pixels = Collections.unmodifiableList(new ArrayList<PixelInit>(b.pixels));
        this.consent = b.consent;
        this.consentCookieName = b.consentCookieName;
        this.consentGrantedValue = b.consentGrantedValue;
        this.ldu = b.ldu;
        this.trackCalls = Collections.unmodifiableList(new ArrayList<TrackCall>(b.trackCalls));
        this.nonce = b.nonce;
        this.noscript = b.noscript;
        this.dataLayer = b.dataLayer;
    }

    /** No pixels: renders nothing. */
    public static PixelPageModel empty() {
        return EMPTY;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().pixels(pixels).consent(consent).consentCookie(consentCookieName, consentGrantedValue)
                .ldu(ldu).trackCalls(trackCalls).nonce(nonce).noscript(noscript)
                .dataLayer(dataLayer);
    }

    /** In init order; distinct pixel ids. */
    public List<PixelInit> pixels() {
        return pixels;
    }

    public boolean hasPixels() {
        return !pixels.isEmpty();
    }

    /**
     * True in {@link ConsentState#PENDING_REVOKE}: {@code fbq('consent','revoke')} is rendered before any init, so
     * the pixel holds every call until the site's consent banner grants consent.
     */
    public boolean consentRevoked() {
        return consent.rendersConsentRevoke();
    }

    /** The shopper's consent state; {@link ConsentState#NOT_REQUIRED} unless set. Never null. */
    public ConsentState consent() {
        return consent;
    }

    /** The cookie the page's consent API sets on a grant (the one the server reads), or null. */
    public String consentCookieName() {
        return consentCookieName;
    }

    /** The value that cookie has when consent is granted, or null. */
    public String consentGrantedValue() {
        return consentGrantedValue;
    }

    /**
     * Null or {@link LduOptions#disabled()}: no {@code dataProcessingOptions} call. With Limited Data Use on:
     * {@code fbq('dataProcessingOptions', ['LDU'], country, state)} before the inits.
     */
    public LduOptions ldu() {
        return ldu;
    }

    /** In render order. */
    public List<TrackCall> trackCalls() {
        return trackCalls;
    }

    /** The CSP nonce for the {@code <script>} tags, or null. */
    public String nonce() {
        return nonce;
    }

    /**
     * True (the default) to render the {@code <noscript>} PageView image per pixel; it is rendered only when the
     * consent state also allows identifying data.
     */
    public boolean noscript() {
        return noscript;
    }

    /** Whether the track calls are (also) pushed to {@code window.dataLayer}; never null, default OFF. */
    public DataLayerMode dataLayer() {
        return dataLayer;
    }

    @Override
    public String toString() {
        return "PixelPageModel{pixels=" + pixels.size() + ", consent=" + consent + ", ldu=" + ldu
                + ", trackCalls=" + trackCalls.size() + ", nonce=" + (nonce != null ? "set" : "none")
                + ", noscript=" + noscript + "}";
    }

    public static final class Builder {
        private final List<PixelInit> pixels = new ArrayList<PixelInit>();
        private ConsentState consent = ConsentState.NOT_REQUIRED;
        private String consentCookieName;
        private String consentGrantedValue;
        private LduOptions ldu;
        private final List<TrackCall> trackCalls = new ArrayList<TrackCall>();
        private String nonce;
        private boolean noscript = true;
        private DataLayerMode dataLayer = DataLayerMode.OFF;

        private Builder() {
        }

        public Builder pixels(Collection<PixelInit> pixels) {
            this.pixels.clear();
            if (pixels != null) {
                this.pixels.addAll(pixels);
            }
            return this;
        }

        public Builder addPixel(PixelInit pixel) {
            this.pixels.add(pixel);
            return this;
        }

        /** Shortcut: true is {@link ConsentState#PENDING_REVOKE}, false {@link ConsentState#NOT_REQUIRED}. */
        public Builder consentRevoked(boolean consentRevoked) {
            this.consent = consentRevoked ? ConsentState.PENDING_REVOKE : ConsentState.NOT_REQUIRED;
            return this;
        }

        /** Null means {@link ConsentState#NOT_REQUIRED}. */
        public Builder consent(ConsentState consent) {
            this.consent = consent == null ? ConsentState.NOT_REQUIRED : consent;
            return this;
        }

        /** The consent cookie's name and granted value, for the page's consent API; blank means none. */
        public Builder consentCookie(String name, String grantedValue) {
            this.consentCookieName = name == null || name.trim().isEmpty() ? null : name.trim();
            this.consentGrantedValue = grantedValue;
            return this;
        }

        public Builder ldu(LduOptions ldu) {
            this.ldu = ldu;
            return this;
        }

        public Builder trackCalls(Collection<TrackCall> trackCalls) {
            this.trackCalls.clear();
            if (trackCalls != null) {
                this.trackCalls.addAll(trackCalls);
            }
            return this;
        }

        public Builder addTrackCall(TrackCall trackCall) {
            this.trackCalls.add(trackCall);
            return this;
        }

        /** Blank means none. */
        public Builder nonce(String nonce) {
            this.nonce = nonce == null || nonce.trim().isEmpty() ? null : nonce.trim();
            return this;
        }

        public Builder noscript(boolean noscript) {
            this.noscript = noscript;
            return this;
        }

        /** Null means {@link DataLayerMode#OFF}. */
        public Builder dataLayer(DataLayerMode dataLayer) {
            this.dataLayer = dataLayer == null ? DataLayerMode.OFF : dataLayer;
            return this;
        }

        /** @throws IllegalArgumentException on a null entry or a pixel id given twice */
        public PixelPageModel build() {
            Set<String> ids = new LinkedHashSet<String>();
            for (int i = 0; i < pixels.size(); i++) {
                PixelInit p = pixels.get(i);
                if (p == null) {
                    throw new IllegalArgumentException("pixels[" + i + "] must not be null");
                }
                if (!ids.add(p.pixelId())) {
                    throw new IllegalArgumentException("pixel " + p.pixelId() + " is listed twice");
                }
            }
            for (int i = 0; i < trackCalls.size(); i++) {
                if (trackCalls.get(i) == null) {
                    throw new IllegalArgumentException("trackCalls[" + i + "] must not be null");
                }
            }
            return new PixelPageModel(this);
        }
    }
}
