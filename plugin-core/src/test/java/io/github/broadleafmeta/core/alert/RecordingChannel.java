package io.github.broadleafmeta.core.alert;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every message it is given (thread-safe: two evaluators may share it). */
final class RecordingChannel implements AlertChannel {

    final List<AlertMessage> messages = new CopyOnWriteArrayList<>();

    @Override
    public String name() {
        return "recording";
    }

    @Override
    public boolean configured(AlertSettings settings) {
        return true;
    }

    @Override
    public void send(AlertMessage message, AlertSettings settings) {
        messages.add(message);
    }

    long count(AlertMessage.Kind kind) {
        return messages.stream().filter(m -> m.kind() == kind).count();
    }
}
