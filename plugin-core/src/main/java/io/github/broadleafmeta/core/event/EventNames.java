package io.github.broadleafmeta.core.event;

import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Meta's standard event names, and the rule for custom ones. Standard names are case-sensitive: {@code purchase}
 * is a custom event to Meta, not a Purchase.
 */
public final class EventNames {

    public static final String PAGE_VIEW = "PageView";
    public static final String VIEW_CONTENT = "ViewContent";
    public static final String SEARCH = "Search";
    public static final String ADD_TO_CART = "AddToCart";
    public static final String ADD_TO_WISHLIST = "AddToWishlist";
    public static final String INITIATE_CHECKOUT = "InitiateCheckout";
    public static final String ADD_PAYMENT_INFO = "AddPaymentInfo";
    public static final String PURCHASE = "Purchase";
    public static final String LEAD = "Lead";
    public static final String COMPLETE_REGISTRATION = "CompleteRegistration";
    public static final String CONTACT = "Contact";
    public static final String CUSTOMIZE_PRODUCT = "CustomizeProduct";
    public static final String DONATE = "Donate";
    public static final String FIND_LOCATION = "FindLocation";
    public static final String SCHEDULE = "Schedule";
    public static final String START_TRIAL = "StartTrial";
    public static final String SUBMIT_APPLICATION = "SubmitApplication";
    public static final String SUBSCRIBE = "Subscribe";

    /**
     * A custom event (not one of Meta's standard names) that peer plugins send on category pages with
     * {@code content_ids}, {@code content_type} and {@code content_category}: rendered with {@code trackCustom}.
     */
    public static final String VIEW_CATEGORY = "ViewCategory";

    /** Longest custom event name accepted (Meta documents 50 characters). */
    public static final int MAX_CUSTOM_LENGTH = 50;

    private static final Set<String> STANDARD = Collections.unmodifiableSet(new LinkedHashSet<String>(Arrays.asList(
            PAGE_VIEW, VIEW_CONTENT, SEARCH, ADD_TO_CART, ADD_TO_WISHLIST, INITIATE_CHECKOUT, ADD_PAYMENT_INFO,
            PURCHASE, LEAD, COMPLETE_REGISTRATION, CONTACT, CUSTOMIZE_PRODUCT, DONATE, FIND_LOCATION, SCHEDULE,
            START_TRIAL, SUBMIT_APPLICATION, SUBSCRIBE)));

    private static final Pattern CUSTOM = Pattern.compile("[A-Za-z0-9_ ]+");

    private EventNames() {
    }

    /** All standard names, in a stable order. */
    public static Set<String> standard() {
        return STANDARD;
    }

    /** True for an exact (case-sensitive) standard name; a standard event goes to the pixel with {@code track}. */
    public static boolean isStandard(String name) {
        return name != null && STANDARD.contains(name);
    }

    /**
     * For a store's own events ({@code track(request, name, params)}): {@link #validate} plus one more rule, a name
     * that differs from a standard name only in case ({@code purchase}, {@code LEAD}) is refused, because Meta would
     * take it for an unrelated custom event and the store almost certainly meant the standard one.
     *
     * @throws IllegalArgumentException naming the standard name meant, or the custom-name rule broken
     */
    public static String requireTrackable(String name) {
        if (name != null && !isStandard(name)) {
            for (String standard : STANDARD) {
                if (standard.equalsIgnoreCase(name.trim())) {
                    throw new IllegalArgumentException("\"" + name + "\" is not a standard event name: standard names"
                            + " are case-sensitive, use \"" + standard + "\" (or a custom name that is not a standard"
                            + " name in other letter case)");
                }
            }
        }
        return validate(name);
    }

    /**
     * Returns {@code name} when it is a standard name or a valid custom name.
     *
     * @throws IllegalArgumentException naming the rule the name breaks
     */
    public static String validate(String name) {
        if (isStandard(name)) {
            return name;
        }
        if (name == null || name.trim().isEmpty()) {
            throw new IllegalArgumentException("event_name is required");
        }
        if (name.length() > MAX_CUSTOM_LENGTH) {
            throw new IllegalArgumentException("event_name must have at most " + MAX_CUSTOM_LENGTH
                    + " characters, was " + name.length());
        }
        // Leading/trailing spaces would make two names look alike in Events Manager.
        if (!CUSTOM.matcher(name).matches() || !name.trim().equals(name)) {
            throw new IllegalArgumentException("event_name may contain only letters, digits, underscores and inner"
                    + " spaces, was: \"" + name + "\"");
        }
        return name;
    }
}
