package io.github.broadleafmeta.core.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The health endpoint's answer: {@code UP} or {@code DEGRADED} with the reasons, and each pixel's circuit, held
 * credentials and oldest waiting age. States, ages and pixel ids (public: every page renders them) only: no token,
 * no counts of orders, no customer data.
 */
public final class HealthReport {

    public static final String UP = "UP";
    public static final String DEGRADED = "DEGRADED";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One pixel's part of the report. */
    public static final class PixelHealth {
        private final String pixelId;
        private final List<String> reasons;
        private final String circuit;
        private final boolean credentialsHeld;
        private final long oldestWaitingSeconds;

        PixelHealth(String pixelId, List<String> reasons, String circuit, boolean credentialsHeld,
                long oldestWaitingSeconds) {
            this.pixelId = pixelId;
            this.reasons = Collections.unmodifiableList(new ArrayList<String>(reasons));
            this.circuit = circuit;
            this.credentialsHeld = credentialsHeld;
            this.oldestWaitingSeconds = oldestWaitingSeconds;
        }

        public String pixelId() {
            return pixelId;
        }

        public String status() {
            return reasons.isEmpty() ? UP : DEGRADED;
        }

        public List<String> reasons() {
            return reasons;
        }

        public String circuit() {
            return circuit;
        }

        public boolean credentialsHeld() {
            return credentialsHeld;
        }

        public long oldestWaitingSeconds() {
            return oldestWaitingSeconds;
        }
    }

    private final List<String> reasons;
    private final List<PixelHealth> pixels;
    private final Instant checkedAt;

    HealthReport(List<String> reasons, List<PixelHealth> pixels, Instant checkedAt) {
        this.reasons = Collections.unmodifiableList(new ArrayList<String>(reasons));
        this.pixels = Collections.unmodifiableList(new ArrayList<PixelHealth>(pixels));
        this.checkedAt = checkedAt;
    }

    public boolean up() {
        return reasons.isEmpty();
    }

    public String status() {
        return up() ? UP : DEGRADED;
    }

    public List<String> reasons() {
        return reasons;
    }

    public List<PixelHealth> pixels() {
        return pixels;
    }

    public Instant checkedAt() {
        return checkedAt;
    }

    public String toJson() {
        Map<String, Object> root = new LinkedHashMap<String, Object>();
        root.put("status", status());
        root.put("reasons", reasons);
        List<Map<String, Object>> list = new ArrayList<Map<String, Object>>();
        for (PixelHealth p : pixels) {
            Map<String, Object> m = new LinkedHashMap<String, Object>();
            m.put("pixel", p.pixelId());
            m.put("status", p.status());
            m.put("reasons", p.reasons());
            m.put("circuit", p.circuit());
            m.put("credentialsHeld", p.credentialsHeld());
            m.put("oldestWaitingSeconds", p.oldestWaitingSeconds());
            list.add(m);
        }
        root.put("pixels", list);
        root.put("checkedAt", checkedAt.toString());
        try {
            return JSON.writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("health report not serializable", e);
        }
    }

    @Override
    public String toString() {
        return "HealthReport{" + status() + ", reasons=" + reasons + "}";
    }
}
