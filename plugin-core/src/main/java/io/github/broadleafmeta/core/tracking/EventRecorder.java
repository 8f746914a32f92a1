package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.capi.EventJsonWriter;
import io.github.broadleafmeta.core.event.ActionSource;
import io.github.broadleafmeta.core.event.LduOptions;
import io.github.broadleafmeta.core.event.TrackingEvent;
import io.github.broadleafmeta.core.event.UnsupportedCurrencyException;
import io.github.broadleafmeta.core.event.UserData;
import io.github.broadleafmeta.core.event.UserDataField;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.settings.MetaSettings;
import io.github.broadleafmeta.core.settings.PixelSettings;
import io.github.broadleafmeta.core.userdata.CustomerInfo;
import io.github.broadleafmeta.core.userdata.NormalizationResult;
import io.github.broadleafmeta.core.userdata.NormalizerConfig;
import io.github.broadleafmeta.core.userdata.UserDataNormalizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * Turns a {@link TrackedAction} into its two copies: the browser copy (returned, for the pixel snippet) and the
 * server copy (normalized, hashed and serialized by a {@link PendingServerCopy} that the {@link ServerCopyWriter}
 * builds: at once for the host's transaction or the outbox directly, on its own thread for the background writer).
 * Storefront-neutral: any storefront adapter describes its actions and calls this.
 *
 * <p>Safe on a request thread: bounded CPU work, no network, and it never throws — any failure is logged (without
 * customer data) and counted, and the shopper's request goes on.
 */
public final class EventRecorder {

    private static final Log LOG = LogFactory.getLog(EventRecorder.class);
    /** Counter reason for actions refused because of a non-ISO 4217 currency. */
    public static final String REFUSED_INVALID_CURRENCY = "INVALID_CURRENCY";
    private static final Set<String> LOGGED_CURRENCIES = ConcurrentHashMap.newKeySet();

    private final SettingsSnapshots settings;
    private final ServerCopyWriter outbox;
    private final EventJsonWriter writer;
    private final Clock clock;
    private final TrackingCounters counters;
    private final ConcurrentMap<String, UserDataNormalizer> normalizers =
            new ConcurrentHashMap<String, UserDataNormalizer>();

    /** Writes every server copy at once on the outbox's own connection (one commit each): tools and tests. */
    public EventRecorder(SettingsSnapshots settings, JdbcOutbox outbox, EventJsonWriter writer, Clock clock,
            TrackingCounters counters) {
        this(settings, outbox == null ? null : ServerCopyWriter.direct(outbox), writer, clock, counters);
    }

    public EventRecorder(SettingsSnapshots settings, ServerCopyWriter outbox, EventJsonWriter writer, Clock clock,
            TrackingCounters counters) {
        if (settings == null || outbox == null || writer == null || clock == null || counters == null) {
            throw new IllegalArgumentException("settings, outbox, writer, clock and counters are required");
        }
        this.settings = settings;
        this.outbox = outbox;
        this.writer = writer;
        this.clock = clock;
        this.counters = counters;
    }

    public Recording record(TrackedAction action) {
        return record(action, null);
    }

    /**
     * @param snapshot the settings the caller already holds for this request (one snapshot per request), or null
     *                 for the current ones
     */
    public Recording record(TrackedAction action, MetaSettings snapshot) {
        try {
            return doRecord(action, snapshot == null ? settings.current() : snapshot);
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            LOG.warn("Meta tracking: could not record " + action + " (" + e.getClass().getName() + ": "
                    + e.getMessage() + "); the shopper's request continues");
            counters.serverCopy(action.eventName(), Recording.ServerCopy.FAILED);
            return new Recording(null, Recording.ServerCopy.FAILED);
        }
    }

    private Recording doRecord(TrackedAction action, MetaSettings s) {
        if (!s.isActive()) {
            return Recording.inactive();
        }
        BrowserEvent browser = null;
        if (s.browserEvents().contains(action.eventName()) || action.isCustom()) {
            browser = new BrowserEvent(action.eventName(), action.eventId(), action.isCustom(),
                    writer.writeCustomData(action.customData()));
            counters.browserCopy(action.eventName());
        }
        Recording.ServerCopy server = recordServerCopy(s, action, browser != null && action.renderedWithResponse());
        counters.serverCopy(action.eventName(), server);
        return new Recording(browser, server);
    }

    private Recording.ServerCopy recordServerCopy(MetaSettings s, TrackedAction action, boolean browserRendered) {
        if (!s.serverEvents().contains(action.eventName())) {
            return Recording.ServerCopy.BROWSER_ONLY;
        }
        ShopperRequest request = action.request();
        // Without a shopper's request nobody could have given consent: a store that requires it sends nothing.
        if (!request.consentGranted() || (request == ShopperRequest.none() && s.consentRequired())) {
            return Recording.ServerCopy.NO_CONSENT;
        }
        if (request != ShopperRequest.none() && s.botFilter().isBot(request.userAgent())) {
            return Recording.ServerCopy.BOT;
        }
        // The time of the action, not of the build (which may run later, on the background writer's thread).
        Instant eventTime = action.eventTime() == null ? clock.instant() : action.eventTime();
        return outbox.write(new ActionServerCopy(s, action, eventTime, browserRendered));
    }

    /** Normalizes, hashes and serializes one action for every enabled pixel: on whichever thread writes it. */
    private final class ActionServerCopy extends PendingServerCopy {

        private final MetaSettings s;
        private final TrackedAction action;
        private final Instant eventTime;
        private final boolean browserRendered;

        ActionServerCopy(MetaSettings s, TrackedAction action, Instant eventTime, boolean browserRendered) {
            super(action.eventName());
            this.s = s;
            this.action = action;
            this.eventTime = eventTime;
            this.browserRendered = browserRendered;
        }

        @Override
        public List<OutboxEntry> build() {
            ShopperRequest request = action.request();
            CustomerInfo customer = action.customer().toBuilder()
                    .clientIpAddress(request.clientIp()).clientUserAgent(request.userAgent())
                    .fbp(request.fbp()).fbc(request.fbc()).build();
            NormalizationResult normalized = normalizer(s.storeDefaultCountry()).normalize(customer);
            counters.dropped(normalized.dropped());

            TrackingEvent event;
            try {
                event = TrackingEvent.builder().eventName(action.eventName()).eventId(action.eventId())
                        .eventTime(eventTime).actionSource(ActionSource.WEBSITE)
                        .eventSourceUrl(request.sourceUrl()).userData(normalized.userData())
                        .customData(action.customData()).ldu(ldu(s, action)).build(clock);
            } catch (IllegalArgumentException | IllegalStateException e) {
                LOG.warn("Meta tracking: " + action + " is not a valid Conversions API event: " + e.getMessage());
                return null;
            }
            String json = writer.write(event);
            String matchKeys = matchKeys(normalized.userData());
            List<OutboxEntry> entries = new ArrayList<OutboxEntry>(s.enabledPixels().size());
            for (PixelSettings pixel : s.enabledPixels()) {
                if (action.onlyPixelId() != null && !action.onlyPixelId().equals(pixel.pixelId())) {
                    continue;
                }
                entries.add(OutboxEntry.builder().pixelId(pixel.pixelId())
                        .eventName(event.eventName()).eventId(event.eventId()).eventTime(event.eventTime())
                        .payloadJson(json).confirmationKey(action.confirmationKey())
                        .orderNumber(action.orderNumber()).matchKeys(matchKeys).browserRendered(browserRendered)
                        .build());
            }
            return entries;
        }
    }

    /**
     * The browser copies of these events are being rendered: recorded for every enabled pixel's server copy (the
     * admin's browser/server coverage), through the writer (batched, off the request thread). Never throws.
     */
    public void browserCopiesRendered(MetaSettings s, List<BrowserEvent> events) {
        try {
            if (events.isEmpty()) {
                return;
            }
            List<String[]> marks = new ArrayList<String[]>();
            for (BrowserEvent event : events) {
                for (PixelSettings pixel : s.enabledPixels()) {
                    marks.add(new String[] {pixel.pixelId(), event.eventName(), event.eventId()});
                }
            }
            outbox.browserCopiesRendered(marks);
        } catch (RuntimeException e) {
            LOG.warn("Meta tracking: could not record rendered browser copies (" + e.getClass().getName() + ")");
        }
    }

    /**
     * The Limited Data Use options of the event: the current settings for a live one; for a rebuilt one, what applied
     * when it happened (the settings' options, or geolocated ones if LDU has been switched off since).
     */
    private static LduOptions ldu(MetaSettings s, TrackedAction action) {
        if (action.lduApplied() == null) {
            return s.lduOptions();
        }
        if (!action.lduApplied()) {
            return null;
        }
        return s.lduOptions() == null ? LduOptions.geolocated() : s.lduOptions();
    }

    /** Which match keys the event carries, for the admin's Event Match Quality report. */
    static String matchKeys(UserData u) {
        StringBuilder keys = new StringBuilder();
        for (UserDataField field : u.hashed().keySet()) {
            append(keys, field.key());
        }
        if (u.fbp() != null) {
            append(keys, "fbp");
        }
        if (u.fbc() != null) {
            append(keys, "fbc");
        }
        if (u.clientIpAddress() != null) {
            append(keys, "ip");
        }
        if (u.clientUserAgent() != null) {
            append(keys, "ua");
        }
        return keys.length() == 0 ? null : keys.toString();
    }

    private static void append(StringBuilder keys, String key) {
        if (keys.length() > 0) {
            keys.append(',');
        }
        keys.append(key);
    }

    private UserDataNormalizer normalizer(String defaultCountry) {
        String country = defaultCountry == null ? NormalizerConfig.DEFAULT_COUNTRY : defaultCountry;
        UserDataNormalizer normalizer = normalizers.get(country);
        if (normalizer == null) {
            normalizer = new UserDataNormalizer(NormalizerConfig.builder().defaultCountry(country).build());
            normalizers.putIfAbsent(country, normalizer);
        }
        return normalizer;
    }

    /**
     * The shopper's customer information normalized and hashed exactly as for the server copy: the pixel's
     * advanced matching sends the same digests.
     */
    public UserData hashCustomer(CustomerInfo customer) {
        return hashCustomer(customer, settings.current());
    }

    public UserData hashCustomer(CustomerInfo customer, MetaSettings s) {
        return normalizer(s.storeDefaultCountry()).normalize(customer).userData();
    }

    /**
     * An amount in a non-ISO 4217 currency: no copy of the event is recorded (Meta would misread the value), the
     * shopper's request goes on. Counted every time as {@code refused.INVALID_CURRENCY.<event>}; logged once per
     * currency code (a code, never customer data).
     */
    public void refusedCurrency(String eventName, UnsupportedCurrencyException e) {
        counters.refused(eventName, REFUSED_INVALID_CURRENCY);
        if (LOGGED_CURRENCIES.size() < 100 && LOGGED_CURRENCIES.add(e.currency())) {
            LOG.warn("Meta tracking: " + eventName + " not recorded: the store's currency \"" + e.currency()
                    + "\" is not ISO 4217 (counted as refused." + REFUSED_INVALID_CURRENCY + "." + eventName
                    + "; logged once per currency)");
        }
    }

    public TrackingCounters counters() {
        return counters;
    }
}
