package io.github.broadleafmeta.core.broadleaf31.web;

import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;

import javax.servlet.http.HttpServletRequest;

/**
 * One settings snapshot per request: the first call of a request takes the current snapshot and keeps it in a
 * request attribute, so every tag and hook of one page sees the same settings, and reads them once.
 */
public final class RequestSnapshot {

    static final String SETTINGS_ATTRIBUTE = RequestSnapshot.class.getName() + ".settings";

    private RequestSnapshot() {
    }

    /** This request's snapshot; without a request, the current one. */
    public static MetaSettings settings(HttpServletRequest request, SettingsSnapshots snapshots) {
        if (request == null) {
            return snapshots.current();
        }
        Object pinned = request.getAttribute(SETTINGS_ATTRIBUTE);
        if (pinned instanceof MetaSettings) {
            return (MetaSettings) pinned;
        }
        MetaSettings s = snapshots.current();
        request.setAttribute(SETTINGS_ATTRIBUTE, s);
        return s;
    }
}
