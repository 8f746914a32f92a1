package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.tracking.EventRecorder;
import io.github.broadleafmeta.core.tracking.OrderRequestFields;
import io.github.broadleafmeta.core.tracking.PurchaseRecoveryStore;
import io.github.broadleafmeta.core.tracking.Recording;
import io.github.broadleafmeta.core.tracking.SettingsSnapshots;
import io.github.broadleafmeta.core.tracking.TrackedAction;
import org.broadleafcommerce.core.order.domain.Order;
import org.broadleafcommerce.core.order.domain.OrderAttribute;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Builds an order's Purchase again from the order itself, for one pixel: the same mapping as the live Purchase
 * ({@link BroadleafCommerceMapper#purchase}), the request fields the checkout stored as order attributes
 * ({@link OrderRequestFields}), the original event time and Limited Data Use state, and the same
 * {@link EventRecorder} (consent, bots, hashing, the outbox's unique key). Notes the origin of what it enqueued.
 */
public class PurchaseRebuilder {

    /** What one rebuild did. */
    public enum Outcome {
        /** A Purchase row was written. */
        REBUILT,
        /** The pixel already had the Purchase (a live write or an earlier rebuild). */
        ALREADY_THERE,
        /** No request fields on the order: it was placed before the plugin stored them. */
        NO_REQUEST_FIELDS,
        /** Consent was refused or the bot rules matched: no Purchase, as live. */
        REFUSED,
        /** The recorder did not write it (plugin off, event switched off, invalid): see its counters. */
        NOT_RECORDED
    }

    private final BroadleafCommerceMapper mapper;
    private final EventRecorder recorder;
    private final SettingsSnapshots settings;
    private final PurchaseRecoveryStore store;
    private final Clock clock;

    public PurchaseRebuilder(BroadleafCommerceMapper mapper, EventRecorder recorder, SettingsSnapshots settings,
            PurchaseRecoveryStore store, Clock clock) {
        this.mapper = mapper;
        this.recorder = recorder;
        this.settings = settings;
        this.store = store;
        this.clock = clock;
    }

    public Outcome rebuild(Order order, String pixelId, PurchaseRecoveryStore.Origin origin) {
        OrderRequestFields fields = OrderRequestFields.from(attributes(order));
        if (fields.eventTime() == null) {
            return Outcome.NO_REQUEST_FIELDS;
        }
        if (!fields.consentGranted() || fields.bot()) {
            return Outcome.REFUSED;
        }
        MetaSettings s = settings.current();
        TrackedAction action;
        try {
            action = mapper.purchase(order, s.purchaseValue(), fields.request()).toBuilder()
                    .eventTime(fields.eventTime()).lduApplied(fields.lduApplied()).onlyPixelId(pixelId).build();
        } catch (UnsupportedCurrencyException e) {
            recorder.refusedCurrency(EventNames.PURCHASE, e);
            return Outcome.NOT_RECORDED;
        }
        Recording recording = recorder.record(action);
        switch (recording.serverCopy()) {
            case ENQUEUED:
                store.recordOrigin(pixelId, action.eventId(), origin, clock.instant());
                return Outcome.REBUILT;
            case DUPLICATE:
                return Outcome.ALREADY_THERE;
            case NO_CONSENT:
            case BOT:
                return Outcome.REFUSED;
            default:
                return Outcome.NOT_RECORDED;
        }
    }


    static Map<String, String> attributes(Order order) {
        Map<String, String> out = new HashMap<String, String>();
        Map<String, OrderAttribute> attributes = order.getOrderAttributes();
        if (attributes != null) {
            for (Map.Entry<String, OrderAttribute> e : attributes.entrySet()) {
                if (e.getValue() != null) {
                    out.put(e.getKey(), e.getValue().getValue());
                }
            }
        }
        return out;
    }
}
