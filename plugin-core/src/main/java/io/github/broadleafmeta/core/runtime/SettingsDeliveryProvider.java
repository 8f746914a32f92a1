package io.github.broadleafmeta.core.runtime;

import io.github.broadleafmeta.core.dispatch.DeliverySettingsProvider;
import io.github.broadleafmeta.core.dispatch.PixelDeliverySettings;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;

/** The dispatcher's view of the plugin settings: the pixel's credentials and endpoint, as saved right now. */
public class SettingsDeliveryProvider implements DeliverySettingsProvider {

    private final SettingsSnapshots settings;

    public SettingsDeliveryProvider(SettingsSnapshots settings) {
        this.settings = settings;
    }

    @Override
    public PixelDeliverySettings forPixel(String pixelId) {
        MetaSettings s = settings.current();
        for (PixelSettings pixel : s.pixels()) {
            if (pixel.pixelId().equals(pixelId)) {
                return PixelDeliverySettings.builder(pixelId)
                        .enabled(pixel.enabled() && s.dispatchEnabled())
                        .credentials(pixel.credentials())
                        .graphUrl(pixel.graphUrl()).apiVersion(pixel.apiVersion())
                        .testEventCode(pixel.testEventCode())
                        .credentialsProblem(pixel.credentialsProblem()).build();
            }
        }
        return null;
    }
}
