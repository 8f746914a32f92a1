package io.github.broadleafmeta.core.tracking;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.broadleafmeta.core.event.ActionSource;
import io.github.broadleafmeta.core.event.EventIds;
import io.github.broadleafmeta.core.event.EventNames;
import io.github.broadleafmeta.core.outbox.EnqueueResult;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.io.IOException;
import java.time.Clock;
import java.util.Iterator;
import java.util.Map;

/**
 * What a cancelled order sends: a server-only custom event (default {@code OrderCancelled}) per pixel whose
 * Purchase for that order Meta accepted (outbox status SENT), never for an order whose Purchase was not sent.
 * It carries the Purchase's value and currency, the order id, and the Purchase's event_id as
 * {@code custom_data.original_event_id}; its user_data is the Purchase's (already hashed), so no customer data is
 * read again. Its id {@code order.<number>.cancelled} makes every repeat (hook and scan, several nodes) a no-op.
 *
 * <p>Storefront-neutral: an adapter only says which order number was cancelled. Never throws.
 */
public final class OrderCancellations {

    private static final Log LOG = LogFactory.getLog(OrderCancellations.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Appended to the Purchase's event id: the cancellation's event id. */
    public static final String EVENT_ID_SUFFIX = ".cancelled";
    /** The custom_data field holding the cancelled Purchase's event_id. */
    public static final String ORIGINAL_EVENT_ID = "original_event_id";

    private final SettingsSnapshots settings;
    private final JdbcOutbox outbox;
    private final Clock clock;

    public OrderCancellations(SettingsSnapshots settings, JdbcOutbox outbox, Clock clock) {
        if (settings == null || outbox == null || clock == null) {
            throw new IllegalArgumentException("settings, outbox and clock are required");
        }
        this.settings = settings;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** The event id of the cancellation of an order. */
    public static String eventId(String orderNumber) {
        return EventIds.forOrder(orderNumber) + EVENT_ID_SUFFIX;
    }

    /**
     * The order was cancelled: records its cancellation for every enabled pixel whose Purchase was sent.
     *
     * @return how many pixels got a new cancellation row (0 when switched off, nothing was sent, or already done)
     */
    public int orderCancelled(String orderNumber) {
        if (orderNumber == null || orderNumber.trim().isEmpty()) {
            return 0;
        }
        try {
            MetaSettings s = settings.current();
            String eventName = s.cancellationEvent();
            if (!s.isActive() || eventName == null) {
                return 0;
            }
            String purchaseId = EventIds.forOrder(orderNumber);
            Map<String, String> sent = outbox.sentPayloads(EventNames.PURCHASE, purchaseId);
            int enqueued = 0;
            for (PixelSettings pixel : s.enabledPixels()) {
                String purchase = sent.get(pixel.pixelId());
                if (purchase == null) {
                    continue;
                }
                long now = clock.instant().getEpochSecond();
                String payload = payload(purchase, eventName, eventId(orderNumber), orderNumber, purchaseId, now);
                EnqueueResult result = outbox.enqueue(OutboxEntry.builder().pixelId(pixel.pixelId())
                        .eventName(eventName).eventId(eventId(orderNumber)).eventTime(now).payloadJson(payload)
                        .orderNumber(orderNumber).build());
                if (result.isEnqueued()) {
                    enqueued++;
                }
            }
            if (enqueued > 0) {
                LOG.info("Meta tracking: " + eventName + " recorded for event_id=" + purchaseId + " (" + enqueued
                        + " pixel(s))");
            }
            return enqueued;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("Meta tracking: could not record the cancellation of an order (" + e.getClass().getName()
                    + "); it is tried again by the next scan of cancelled orders");
            return 0;
        }
    }

    /**
     * The cancellation's server event, built from the sent Purchase: same user_data and Limited Data Use options,
     * {@code system_generated} (a back-office change, no shopper's browser), and the Purchase's amount.
     */
    static String payload(String purchaseJson, String eventName, String eventId, String orderNumber,
            String purchaseEventId, long eventTimeSeconds) throws IOException {
        JsonNode purchase = JSON.readTree(purchaseJson);
        ObjectNode event = JSON.createObjectNode();
        event.put("event_name", eventName);
        event.put("event_time", eventTimeSeconds);
        event.put("event_id", eventId);
        event.put("action_source", ActionSource.SYSTEM_GENERATED.wireName());
        if (purchase.has("user_data")) {
            event.set("user_data", purchase.get("user_data"));
        }
        ObjectNode custom = event.putObject("custom_data");
        JsonNode purchaseData = purchase.path("custom_data");
        if (purchaseData.has("value")) {
            custom.set("value", purchaseData.get("value"));
        }
        if (purchaseData.has("currency")) {
            custom.set("currency", purchaseData.get("currency"));
        }
        custom.put("order_id", orderNumber);
        custom.put(ORIGINAL_EVENT_ID, purchaseEventId);
        for (Iterator<String> names = purchase.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (name.startsWith("data_processing_options")) {
                event.set(name, purchase.get(name));
            }
        }
        return JSON.writeValueAsString(event);
    }
}
