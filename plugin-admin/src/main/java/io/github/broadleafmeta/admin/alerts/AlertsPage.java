package io.github.broadleafmeta.admin.alerts;

import io.github.broadleafmeta.core.alert.AlertRules;
import io.github.broadleafmeta.core.alert.Incident;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The admin's "Alerts" list: the latest incidents, newest first, as the template shows them. */
public final class AlertsPage {

    /** One incident as a table row. */
    public static final class Row {
        private final Incident incident;
        private final long minutes;

        Row(Incident incident, Instant now) {
            this.incident = incident;
            this.minutes = incident.duration(now).toMinutes();
        }

        public String title() {
            return AlertRules.title(incident.ruleId());
        }

        public String ruleId() {
            return incident.ruleId();
        }

        public String pixelId() {
            return incident.pixelId();
        }

        public String startedAt() {
            return incident.startedAt().toString();
        }

        /** Empty while the incident lasts. */
        public String endedAt() {
            return incident.endedAt() == null ? "" : incident.endedAt().toString();
        }

        public boolean active() {
            return incident.active();
        }

        public long minutes() {
            return minutes;
        }

        public String startDetail() {
            return incident.startDetail() == null ? "" : incident.startDetail();
        }

        public String endDetail() {
            return incident.endDetail() == null ? "" : incident.endDetail();
        }
    }

    private final List<Row> rows;
    private final String error;

    private AlertsPage(List<Row> rows, String error) {
        this.rows = rows;
        this.error = error;
    }

    public static AlertsPage of(List<Incident> incidents, Instant now) {
        List<Row> rows = new ArrayList<Row>(incidents.size());
        for (Incident i : incidents) {
            rows.add(new Row(i, now));
        }
        return new AlertsPage(Collections.unmodifiableList(rows), null);
    }

    public static AlertsPage unreadable(String error) {
        return new AlertsPage(Collections.<Row>emptyList(), error);
    }

    public List<Row> rows() {
        return rows;
    }

    public long activeCount() {
        return rows.stream().filter(Row::active).count();
    }

    /** Null when the incidents were read. */
    public String error() {
        return error;
    }
}
