package io.github.broadleafmeta.core.tracking;

import io.github.broadleafmeta.core.event.CustomData;
import io.github.broadleafmeta.core.userdata.CustomerInfo;

import java.time.Instant;

/**
 * One shopper action to report, as the storefront adapter describes it: which event, its id (chosen once, shared
 * by browser and server), the parameters, who the shopper is (raw: hashing happens in {@link EventRecorder}) and
 * the request. {@code confirmationKey} holds a server copy back until that order is confirmed.
 */
public final class TrackedAction {

    private final String eventName;
    private final String eventId;
    private final boolean custom;
    private final CustomData customData;
    private final CustomerInfo customer;
    private final ShopperRequest request;
    private final String confirmationKey;
    private final String orderNumber;
    private final boolean renderedWithResponse;
    private final Instant eventTime;
    private final Boolean lduApplied;
    private final String onlyPixelId;

    private TrackedAction(Builder b) {
        this.eventName = b.eventName;
        this.eventId = b.eventId;
        this.custom = b.custom;
        this.customData = b.customData == null ? CustomData.empty() : b.customData;
        this.customer = b.customer == null ? CustomerInfo.empty() : b.customer;
        this.request = b.request == null ? ShopperRequest.none() : b.request;
        this.confirmationKey = b.confirmationKey;
        this.orderNumber = b.orderNumber;
        this.renderedWithResponse = b.renderedWithResponse;
        this.eventTime = b.eventTime;
        this.lduApplied = b.lduApplied;
        this.onlyPixelId = b.onlyPixelId;
    }

    public static Builder builder(String eventName, String eventId) {
        return new Builder(eventName, eventId);
    }

    /** A builder holding this action's values, to derive a changed copy. */
    public Builder toBuilder() {
        return new Builder(eventName, eventId).custom(custom).customData(customData).customer(customer)
                .request(request).confirmationKey(confirmationKey).orderNumber(orderNumber)
                .renderedWithResponse(renderedWithResponse).eventTime(eventTime).lduApplied(lduApplied)
                .onlyPixelId(onlyPixelId);
    }

    public String eventName() {
        return eventName;
    }

    public String eventId() {
        return eventId;
    }

    public boolean isCustom() {
        return custom;
    }

    public CustomData customData() {
        return customData;
    }

    public CustomerInfo customer() {
        return customer;
    }

    public ShopperRequest request() {
        return request;
    }

    public String confirmationKey() {
        return confirmationKey;
    }

    public String orderNumber() {
        return orderNumber;
    }

    /** True when the browser copy goes into the page being rendered now (not into a later page). */
    public boolean renderedWithResponse() {
        return renderedWithResponse;
    }

    /** When the action happened, for an event rebuilt later (the order's Purchase); null means now. */
    public Instant eventTime() {
        return eventTime;
    }

    /**
     * Whether Limited Data Use applied when the action happened, for a rebuilt event; null means the current
     * settings decide (a live event).
     */
    public Boolean lduApplied() {
        return lduApplied;
    }

    /** The one pixel a rebuilt event is for; null means every enabled pixel (a live event). */
    public String onlyPixelId() {
        return onlyPixelId;
    }

    @Override
    public String toString() {
        return "TrackedAction{" + eventName + ", event_id=" + eventId + "}";
    }

    public static final class Builder {
        private final String eventName;
        private final String eventId;
        private boolean custom;
        private CustomData customData;
        private CustomerInfo customer;
        private ShopperRequest request;
        private String confirmationKey;
        private String orderNumber;
        private boolean renderedWithResponse;
        private Instant eventTime;
        private Boolean lduApplied;
        private String onlyPixelId;

        private Builder(String eventName, String eventId) {
            if (eventName == null || eventId == null) {
                throw new IllegalArgumentException("eventName and eventId are required");
            }
            this.eventName = eventName;
            this.eventId = eventId;
        }

        public Builder custom(boolean custom) {
            this.custom = custom;
            return this;
        }

        public Builder customData(CustomData customData) {
            this.customData = customData;
            return this;
        }

        public Builder customer(CustomerInfo customer) {
            this.customer = customer;
            return this;
        }

        public Builder request(ShopperRequest request) {
            this.request = request;
            return this;
        }

        public Builder confirmationKey(String confirmationKey) {
            this.confirmationKey = confirmationKey;
            return this;
        }

        public Builder orderNumber(String orderNumber) {
            this.orderNumber = orderNumber;
            return this;
        }

        public Builder renderedWithResponse(boolean renderedWithResponse) {
            this.renderedWithResponse = renderedWithResponse;
            return this;
        }

        public Builder eventTime(Instant eventTime) {
            this.eventTime = eventTime;
            return this;
        }

        public Builder lduApplied(Boolean lduApplied) {
            this.lduApplied = lduApplied;
            return this;
        }

        public Builder onlyPixelId(String onlyPixelId) {
            this.onlyPixelId = onlyPixelId;
            return this;
        }

        public TrackedAction build() {
            return new TrackedAction(this);
        }
    }
}
