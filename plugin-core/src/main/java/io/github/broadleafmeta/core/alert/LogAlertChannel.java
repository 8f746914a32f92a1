package io.github.broadleafmeta.core.alert;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/** Every alert in the log, always: WARN when an incident starts, INFO when it ends. */
public final class LogAlertChannel implements AlertChannel {

    private static final Log LOG = LogFactory.getLog(LogAlertChannel.class);

    @Override
    public String name() {
        return "log";
    }

    @Override
    public boolean configured(AlertSettings settings) {
        return true;
    }

    @Override
    public void send(AlertMessage message, AlertSettings settings) {
        String line = message.text().replace('\n', ' ');
        if (message.kind() == AlertMessage.Kind.STARTED) {
            LOG.warn(line);
        } else {
            LOG.info(line);
        }
    }
}
