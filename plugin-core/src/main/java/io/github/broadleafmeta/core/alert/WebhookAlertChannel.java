package io.github.broadleafmeta.core.alert;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.time.Duration;

/**
 * POSTs each alert as JSON to the webhook URL setting: {@code {"text": "...", "state": "started", "rule": ...,
 * "pixel": ...}}. {@code text} is what Slack's incoming webhooks (and Mattermost, Teams' Slack-compatible
 * connectors, ...) display. Redirects are not followed; a status other than 2xx is a failure. The URL may hold a
 * key (Slack's do): it never appears in an exception message or a log line.
 */
public final class WebhookAlertChannel implements AlertChannel {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Duration timeout;

    public WebhookAlertChannel() {
        this(DEFAULT_TIMEOUT);
    }

    public WebhookAlertChannel(Duration timeout) {
        this.timeout = timeout;
    }

    @Override
    public String name() {
        return "webhook";
    }

    @Override
    public boolean configured(AlertSettings settings) {
        return settings.webhookUrl() != null;
    }

    @Override
    public void send(AlertMessage message, AlertSettings settings) throws IOException {
        byte[] body = JSON.writeValueAsBytes(message.fields());
        HttpURLConnection c;
        try {
            c = (HttpURLConnection) new URL(settings.webhookUrl()).openConnection();
        } catch (IOException | ClassCastException e) {
            throw new IOException("the webhook URL cannot be opened (" + e.getClass().getSimpleName() + ")");
        }
        int status;
        try {
            c.setInstanceFollowRedirects(false);
            c.setConnectTimeout((int) timeout.toMillis());
            c.setReadTimeout((int) timeout.toMillis());
            c.setRequestMethod("POST");
            c.setDoOutput(true);
            c.setRequestProperty("Content-Type", "application/json; charset=utf-8");
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            status = c.getResponseCode();
            drain(status < 400 ? c.getInputStream() : c.getErrorStream());
        } catch (IOException e) {
            // The message of a connection error may name the URL; keep only its kind.
            throw new IOException("the webhook request failed (" + e.getClass().getSimpleName() + ")");
        } finally {
            c.disconnect();
        }
        if (status < 200 || status > 299) {
            throw new IOException("the webhook answered HTTP " + status);
        }
    }

    private static void drain(InputStream in) throws IOException {
        if (in == null) {
            return;
        }
        try (InputStream i = in) {
            byte[] buffer = new byte[1024];
            int total = 0;
            int n;
            while ((n = i.read(buffer)) > 0 && total < 64 * 1024) {
                total += n;
            }
        }
    }
}
