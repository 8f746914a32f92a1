package io.github.broadleafmeta.core.alert;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** In-memory delivery state a test sets per pixel (the real one reads the shared database). */
final class FakeDelivery implements DeliveryHealth {

    private final Map<String, PixelDelivery> pixels = new ConcurrentHashMap<>();
    volatile boolean failing;

    void set(PixelDelivery d) {
        pixels.put(d.pixelId(), d);
    }

    @Override
    public Map<String, PixelDelivery> read(List<String> pixelIds) {
        if (failing) {
            throw new IllegalStateException("database down");
        }
        Map<String, PixelDelivery> out = new HashMap<>();
        for (String id : pixelIds) {
            out.put(id, pixels.getOrDefault(id, PixelDelivery.idle(id)));
        }
        return out;
    }
}
