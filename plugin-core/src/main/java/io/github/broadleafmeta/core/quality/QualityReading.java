package io.github.broadleafmeta.core.quality;

import java.time.Instant;

/** One read for one pixel: Meta's dataset quality figures and the token's health, at one instant. */
public final class QualityReading {

    private final String pixelId;
    private final Instant readAt;
    private final DatasetQuality dataset;
    private final TokenHealth token;

    public QualityReading(String pixelId, Instant readAt, DatasetQuality dataset, TokenHealth token) {
        if (pixelId == null || readAt == null || dataset == null || token == null) {
            throw new IllegalArgumentException("pixelId, readAt, dataset and token are required");
        }
        this.pixelId = pixelId;
        this.readAt = readAt;
        this.dataset = dataset;
        this.token = token;
    }

    public String pixelId() {
        return pixelId;
    }

    public Instant readAt() {
        return readAt;
    }

    public DatasetQuality dataset() {
        return dataset;
    }

    public TokenHealth token() {
        return token;
    }

    @Override
    public String toString() {
        return "QualityReading{pixel=" + pixelId + ", at=" + readAt + ", " + dataset + ", " + token + "}";
    }
}
