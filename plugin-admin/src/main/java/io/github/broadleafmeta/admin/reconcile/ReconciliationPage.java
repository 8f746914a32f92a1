package io.github.broadleafmeta.admin.reconcile;

import io.github.broadleafmeta.core.reconcile.Reconciliation;
import io.github.broadleafmeta.core.reconcile.ReconciliationReport;
import io.github.broadleafmeta.core.reconcile.Share;
import io.github.broadleafmeta.core.reconcile.UnmatchedOrder;
import io.github.broadleafmeta.core.reconcile.UnmatchedReason;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What the Reconciliation template renders: JavaBean getters for Thymeleaf, values only (templates escape). */
public final class ReconciliationPage {

    static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    /** One reason and how many orders it explains. */
    public static final class ReasonCount {
        private final UnmatchedReason reason;
        private final long count;

        ReasonCount(UnmatchedReason reason, long count) {
            this.reason = reason;
            this.count = count;
        }

        public String getKey() {
            return reason.name();
        }

        public String getLabel() {
            return reason.label();
        }

        public long getCount() {
            return count;
        }
    }

    /** One hour or day with orders: its share as numbers (the chart shows the same). */
    public static final class BucketRow {
        private final ReconciliationReport.Bucket bucket;

        BucketRow(ReconciliationReport.Bucket bucket) {
            this.bucket = bucket;
        }

        public String getStart() {
            return TIME.format(bucket.start());
        }

        public long getSubmitted() {
            return bucket.share().submitted();
        }

        public long getAccepted() {
            return bucket.share().accepted();
        }

        public String getShare() {
            return percent(bucket.share());
        }
    }

    /** One unmatched order on the current page. */
    public static final class Row {
        private final UnmatchedOrder order;

        Row(UnmatchedOrder order) {
            this.order = order;
        }

        public String getOrderNumber() {
            return order.orderNumber();
        }

        public String getSubmittedAt() {
            return TIME.format(order.submittedAt());
        }

        public String getReasonKey() {
            return order.reason().name();
        }

        public String getReason() {
            return order.reason().label();
        }

        /** Meta's message or the plugin's recorded reason; empty when none. */
        public String getDetail() {
            return order.detail() == null ? "" : order.detail();
        }
    }

    private final ReconciliationReport report;
    private final String chartSvg;
    private final int page;
    private final int pageSize;
    private final String unavailable;

    private ReconciliationPage(ReconciliationReport report, String chartSvg, int page, int pageSize,
            String unavailable) {
        this.report = report;
        this.chartSvg = chartSvg;
        this.page = page;
        this.pageSize = pageSize;
        this.unavailable = unavailable;
    }

    static ReconciliationPage of(ReconciliationReport report, int page, int pageSize) {
        return new ReconciliationPage(report, ReconciliationChart.svg(report), page, pageSize, null);
    }

    static ReconciliationPage unavailable(String why) {
        return new ReconciliationPage(null, null, 0, 1, why);
    }

    /** Non-null when the orders or the outbox could not be read: the reason. */
    public String getUnavailable() {
        return unavailable;
    }

    public String getFrom() {
        return report == null ? "" : TIME.format(report.from());
    }

    public String getTo() {
        return report == null ? "" : TIME.format(report.to());
    }

    public long getSubmitted() {
        return report == null ? 0 : report.total().submitted();
    }

    public long getAccepted() {
        return report == null ? 0 : report.total().accepted();
    }

    public long getUnmatched() {
        return report == null ? 0 : report.total().unmatched();
    }

    /** "97.5 %", or "no orders" when none was submitted. */
    public String getShare() {
        return report == null ? percent(new Share(0, 0)) : percent(report.total());
    }

    /** Rounded down, so that a missing order never shows as 100 %. */
    static String percent(Share share) {
        if (share.submitted() == 0) {
            return "no orders";
        }
        return String.format(Locale.ROOT, "%.1f %%", Math.floor(share.percent() * 10) / 10);
    }

    /** The hours or days with orders, newest first. */
    public List<BucketRow> getBuckets() {
        List<BucketRow> rows = new ArrayList<BucketRow>();
        if (report != null) {
            for (ReconciliationReport.Bucket b : report.buckets()) {
                if (b.share().submitted() > 0) {
                    rows.add(0, new BucketRow(b));
                }
            }
        }
        return rows;
    }

    /** "hour" or "day". */
    public String getBucketUnit() {
        return report != null && report.granularity() == Reconciliation.Granularity.DAY ? "day" : "hour";
    }

    /** Server-rendered SVG (escaped by {@link ReconciliationChart}). */
    public String getChartSvg() {
        return chartSvg;
    }

    public List<ReasonCount> getReasons() {
        if (report == null) {
            return Collections.emptyList();
        }
        List<ReasonCount> out = new ArrayList<ReasonCount>();
        for (Map.Entry<UnmatchedReason, Long> e : report.reasonCounts().entrySet()) {
            out.add(new ReasonCount(e.getKey(), e.getValue()));
        }
        return out;
    }

    public List<Row> getRows() {
        if (report == null) {
            return Collections.emptyList();
        }
        List<UnmatchedOrder> all = report.unmatched();
        int from = Math.min(all.size(), page * pageSize);
        List<Row> rows = new ArrayList<Row>();
        for (UnmatchedOrder o : all.subList(from, Math.min(all.size(), from + pageSize))) {
            rows.add(new Row(o));
        }
        return rows;
    }

    public int getPage() {
        return page;
    }

    public boolean isHasNext() {
        return report != null && (long) (page + 1) * pageSize < report.unmatched().size();
    }
}
