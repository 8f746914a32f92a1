package io.github.broadleafmeta.core.dispatch;

/**
 * Where the dispatcher gets each pixel's delivery settings. Read once per pixel per dispatch cycle, so an admin
 * edit (new token, pixel disabled) applies within seconds without a restart.
 */
public interface DeliverySettingsProvider {

    /**
     * @return the pixel's current settings, or {@code null} for a pixel this store does not know (its rows wait,
     *         and the dispatcher warns once)
     */
    PixelDeliverySettings forPixel(String pixelId);
}
