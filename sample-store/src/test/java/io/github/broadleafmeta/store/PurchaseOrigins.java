package io.github.broadleafmeta.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

/** Who rebuilt a Purchase (META_PURCHASE_ORIGIN): SWEEP, BACKFILL, or null for the checkout's own. */
final class PurchaseOrigins {

    private PurchaseOrigins() {
    }

    static String of(String eventId) throws Exception {
        try (Connection db = RunningStore.database(); PreparedStatement q = db.prepareStatement(
                "SELECT origin FROM META_PURCHASE_ORIGIN WHERE pixel_id = ? AND event_id = ?")) {
            q.setString(1, RunningStore.PIXEL_ID);
            q.setString(2, eventId);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }
}
