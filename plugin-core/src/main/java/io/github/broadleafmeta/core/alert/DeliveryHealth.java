package io.github.broadleafmeta.core.alert;

import java.util.List;
import java.util.Map;

/** The delivery conditions of every pixel, as all nodes share them: input of rules and of the health endpoint. */
public interface DeliveryHealth {

    /**
     * Pixel id → its delivery, for each of {@code pixelIds} (a pixel without data is {@link PixelDelivery#idle}).
     *
     * @throws RuntimeException when the data cannot be read (the caller answers "unknown")
     */
    Map<String, PixelDelivery> read(List<String> pixelIds);
}
