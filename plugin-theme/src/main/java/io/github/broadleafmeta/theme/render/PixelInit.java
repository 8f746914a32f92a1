package io.github.broadleafmeta.theme.render;

import io.github.broadleafmeta.core.settings.PixelIdValidator;

/** One {@code fbq('init', pixelId[, advancedMatching])} call. Immutable. */
public final class PixelInit {

    private final String pixelId;
    private final AdvancedMatching advancedMatching;

    private PixelInit(String pixelId, AdvancedMatching advancedMatching) {
        this.pixelId = pixelId;
        this.advancedMatching = advancedMatching;
    }

    /**
     * @param pixelId          digits only (see {@link PixelIdValidator}); surrounding blanks are trimmed
     * @param advancedMatching null means {@link AdvancedMatching#none()}
     * @throws IllegalArgumentException when the pixel id is not acceptable
     */
    public static PixelInit of(String pixelId, AdvancedMatching advancedMatching) {
        String problem = PixelIdValidator.problem(pixelId);
        if (problem != null) {
            throw new IllegalArgumentException("pixelId: " + problem);
        }
        return new PixelInit(pixelId.trim(), advancedMatching == null ? AdvancedMatching.none() : advancedMatching);
    }

    /** A pixel without advanced matching. */
    public static PixelInit of(String pixelId) {
        return of(pixelId, null);
    }

    public String pixelId() {
        return pixelId;
    }

    /** Never null. */
    public AdvancedMatching advancedMatching() {
        return advancedMatching;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof PixelInit)) {
            return false;
        }
        PixelInit other = (PixelInit) o;
        return pixelId.equals(other.pixelId) && advancedMatching.equals(other.advancedMatching);
    }

    @Override
    public int hashCode() {
        return pixelId.hashCode() * 31 + advancedMatching.hashCode();
    }

    @Override
    public String toString() {
        return "PixelInit{" + pixelId + ", " + advancedMatching + "}";
    }
}
